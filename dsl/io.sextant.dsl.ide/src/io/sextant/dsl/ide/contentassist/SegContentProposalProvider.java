package io.sextant.dsl.ide.contentassist;

import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

import com.google.inject.Inject;

import io.sextant.dsl.context.CatalogEvent;
import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.ProjectContextProvider;
import io.sextant.dsl.seg.AggregateCondition;
import io.sextant.dsl.seg.AggregateMetric;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.PropertyFilter;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.FirstEventAnchor;
import io.sextant.dsl.seg.LifetimeValueMetric;

/**
 * Content assist with the project's catalog: event names where an event is written, the event's properties
 * after its '.', and user attributes after 'user.'; keywords and references come from Xtext.
 */
public class SegContentProposalProvider extends IdeContentProposalProvider {

    /** Catalog entries come before keywords: they are what the analyst is most likely looking for. */
    private static final int CATALOG_PRIORITY = 600;

    @Inject
    private ProjectContextProvider contexts;

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        String feature = assignment.getFeature();
        Optional<EventCatalog> catalog = catalog(context);
        if (catalog.isPresent()) {
            if ("event".equals(feature) || "assignmentEvent".equals(feature)) {
                for (CatalogEvent event : catalog.get().events().values()) {
                    propose("\"" + event.name() + "\"", event.name(), "event, " + event.properties().size()
                            + (event.properties().size() == 1 ? " property" : " properties"), context, acceptor);
                }
                return;
            }
            if ("property".equals(feature) && anyEvent(context.getCurrentModel())) {
                // any event: the properties of every event, each name once
                Map<String, CatalogProperty> all = new java.util.TreeMap<>();
                catalog.get().events().values().forEach(e -> e.properties().values()
                        .forEach(p -> all.putIfAbsent(p.name(), p)));
                proposeProperties(all, "property of some events", context, acceptor);
                return;
            }
            if ("property".equals(feature) || "assignmentProperty".equals(feature)) {
                eventOf(context.getCurrentModel(), catalog.get())
                        .ifPresent(event -> proposeProperties(event.properties(), "property of " + event.name(),
                                context, acceptor));
                return;
            }
            if ("attribute".equals(feature)) {
                proposeProperties(catalog.get().userAttributes(), "user attribute", context, acceptor);
                return;
            }
        }
        super._createProposals(assignment, context, acceptor);
    }

    private void proposeProperties(Map<String, CatalogProperty> properties, String what, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        for (CatalogProperty property : properties.values()) {
            propose(property.name(), property.name(), what + ": " + property.type().name().toLowerCase()
                    + (property.pii() ? " (PII)" : ""), context, acceptor);
        }
    }

    private void propose(String text, String label, String description, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        ContentAssistEntry entry = getProposalCreator().createProposal(text, context, e -> {
            e.setLabel(label);
            e.setDescription(description);
            e.setKind(ContentAssistEntry.KIND_VALUE);
        });
        if (entry != null) {
            acceptor.accept(entry, CATALOG_PRIORITY);
        }
    }

    /** The catalog event whose property is being written, from the model element around the cursor. */
    private static Optional<CatalogEvent> eventOf(EObject model, EventCatalog catalog) {
        String name = null;
        if (model instanceof AggregateCondition condition && condition.getEvent() != null) {
            name = condition.getEvent().getEvent();
        } else if (model instanceof AggregateMetric metric && metric.getEvent() != null) {
            name = metric.getEvent().getEvent();
        } else if (model instanceof LifetimeValueMetric metric && metric.getEvent() != null) {
            name = metric.getEvent().getEvent();
        } else if (model instanceof Experiment experiment) {
            name = experiment.getAssignmentEvent();
        } else if (model instanceof PropertyFilter && model.eContainer() instanceof Experiment experiment) {
            name = experiment.getAssignmentEvent(); // a filter of the assignment event
        } else if (model instanceof FirstEventAnchor anchor) {
            name = anchor.getEvent();
        } else if (model instanceof PropertyFilter && model.eContainer() instanceof FirstEventAnchor anchor) {
            name = anchor.getEvent(); // a filter of the anchor's event
        } else if (model != null) {
            EventFilter filter = model instanceof EventFilter f ? f : EcoreUtil2.getContainerOfType(model, EventFilter.class);
            name = filter == null ? null : filter.getEvent();
        }
        return name == null ? Optional.empty() : catalog.event(name);
    }

    /** Whether the cursor is in the filters (or after the '.') of {@code any event}. */
    private static boolean anyEvent(EObject model) {
        EventFilter filter = null;
        if (model instanceof AggregateCondition condition) {
            filter = condition.getEvent();
        } else if (model instanceof AggregateMetric metric) {
            filter = metric.getEvent();
        } else if (model instanceof EventFilter f) {
            filter = f;
        } else if (model != null && !(model.eContainer() instanceof FirstEventAnchor)) {
            filter = EcoreUtil2.getContainerOfType(model, EventFilter.class);
        }
        return filter != null && filter.isAnyEvent();
    }

    private Optional<EventCatalog> catalog(ContentAssistContext context) {
        return context.getResource() == null ? Optional.empty()
                : contexts.contextFor(context.getResource().getURI()).catalog();
    }
}
