package io.sextant.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;

/**
 * The analyses contributed to {@code io.sextant.analysis.analyses}, read from the extension registry. A
 * contribution with a broken declaration (no id, an unknown parameter type, an id taken) is left out and
 * logged with its bundle, so one bad plug-in does not hide the others.
 */
public final class AnalysisRegistry {

    public static final String EXTENSION_POINT = "io.sextant.analysis.analyses";

    private final Map<String, AnalysisDescriptor> descriptors = new LinkedHashMap<>();
    private final Map<String, IConfigurationElement> elements = new LinkedHashMap<>();

    private AnalysisRegistry() {
    }

    /** The analyses contributed now. */
    public static AnalysisRegistry read() {
        AnalysisRegistry registry = new AnalysisRegistry();
        IConfigurationElement[] contributions = Platform.getExtensionRegistry()
                .getConfigurationElementsFor(EXTENSION_POINT);
        List<IConfigurationElement> sorted = new ArrayList<>(Arrays.asList(contributions));
        sorted.sort(Comparator.comparing((IConfigurationElement e) -> String.valueOf(e.getAttribute("category")))
                .thenComparing(e -> String.valueOf(e.getAttribute("name"))));
        for (IConfigurationElement element : sorted) {
            String contributor = element.getContributor().getName();
            try {
                AnalysisDescriptor descriptor = describe(element, contributor);
                if (registry.descriptors.containsKey(descriptor.id())) {
                    throw new IllegalArgumentException("the id '" + descriptor.id() + "' is already contributed by "
                            + registry.descriptors.get(descriptor.id()).contributor());
                }
                registry.descriptors.put(descriptor.id(), descriptor);
                registry.elements.put(descriptor.id(), element);
            } catch (IllegalArgumentException e) {
                ILog.of(AnalysisRegistry.class).log(Status.error("The analysis contributed by " + contributor
                        + " is left out: " + e.getMessage()));
            }
        }
        return registry;
    }

    private static AnalysisDescriptor describe(IConfigurationElement element, String contributor) {
        String id = require(element, "id");
        List<ParameterDescriptor> parameters = new ArrayList<>();
        for (IConfigurationElement parameter : element.getChildren("parameter")) {
            String type = require(parameter, "type");
            ParameterType parameterType;
            try {
                parameterType = ParameterType.of(type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("analysis '" + id + "': parameter '" + parameter.getAttribute("name")
                        + "' has the unknown type '" + type + "'");
            }
            String choices = parameter.getAttribute("choices");
            parameters.add(new ParameterDescriptor(require(parameter, "name"), parameterType,
                    parameter.getAttribute("default"), Boolean.parseBoolean(parameter.getAttribute("required")),
                    choices == null ? List.of() : Arrays.stream(choices.split(",")).map(String::strip).toList(),
                    parameter.getAttribute("description")));
        }
        List<String> events = new ArrayList<>();
        for (IConfigurationElement event : element.getChildren("requiresEvent")) {
            events.add(require(event, "name"));
        }
        IConfigurationElement[] description = element.getChildren("description");
        return new AnalysisDescriptor(id, require(element, "name"), require(element, "category"),
                description.length == 0 ? "" : description[0].getValue().strip(), parameters, events, contributor);
    }

    private static String require(IConfigurationElement element, String attribute) {
        String value = element.getAttribute(attribute);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("<" + element.getName() + "> has no " + attribute);
        }
        return value;
    }

    /** The analyses, by category and name. */
    public List<AnalysisDescriptor> all() {
        return List.copyOf(descriptors.values());
    }

    public Optional<AnalysisDescriptor> descriptor(String id) {
        return Optional.ofNullable(descriptors.get(id));
    }

    /** A new instance of the analysis' class. */
    public Analysis create(String id) throws AnalysisException {
        IConfigurationElement element = elements.get(id);
        if (element == null) {
            throw new AnalysisException("no analysis '" + id + "' is installed; installed: "
                    + String.join(", ", descriptors.keySet()));
        }
        try {
            Object instance = element.createExecutableExtension("class");
            if (!(instance instanceof Analysis analysis)) {
                throw new AnalysisException("the class of analysis '" + id + "' does not implement "
                        + Analysis.class.getName());
            }
            return analysis;
        } catch (CoreException e) {
            IStatus status = e.getStatus();
            throw new AnalysisException("analysis '" + id + "' of " + element.getContributor().getName()
                    + " cannot be created: " + status.getMessage(), e);
        }
    }
}
