package io.sextant.analysis;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;

/**
 * An analysis' parameter values, checked against its descriptor: every name known, every required value given,
 * every value of its type, every definition (segment, metric, experiment) found. Defaults fill what was not given. Getters return null for an
 * optional parameter without a value.
 */
public final class Parameters {

    private final AnalysisDescriptor analysis;
    private final Map<String, String> texts;
    private final Map<String, Object> values;

    private Parameters(AnalysisDescriptor analysis, Map<String, String> texts, Map<String, Object> values) {
        this.analysis = analysis;
        this.texts = Collections.unmodifiableMap(texts);
        this.values = values;
    }

    /**
     * Checks the given values (parameter name to text, as written in a playbook or typed in the dialog) and
     * resolves them; the first mistake is an exception that names the parameter and the analysis.
     */
    public static Parameters resolve(AnalysisDescriptor analysis, Map<String, String> given, DefinitionLookup definitions)
            throws AnalysisException {
        for (String name : given.keySet()) {
            if (analysis.parameter(name).isEmpty()) {
                throw new AnalysisException("analysis '" + analysis.id() + "' has no parameter '" + name
                        + "'; its parameters: " + String.join(", ",
                                analysis.parameters().stream().map(ParameterDescriptor::name).toList()));
            }
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterDescriptor parameter : analysis.parameters()) {
            String text = given.get(parameter.name());
            if (text == null || text.isBlank()) {
                text = parameter.defaultValue();
            }
            if (text == null || text.isBlank()) {
                if (parameter.required()) {
                    throw new AnalysisException("analysis '" + analysis.id() + "' needs a value for parameter '"
                            + parameter.name() + "' (" + describe(parameter) + ")");
                }
                continue;
            }
            texts.put(parameter.name(), text.strip());
            values.put(parameter.name(), convert(analysis, parameter, text.strip(), definitions));
        }
        return new Parameters(analysis, texts, values);
    }

    private static Object convert(AnalysisDescriptor analysis, ParameterDescriptor parameter, String text,
            DefinitionLookup definitions) throws AnalysisException {
        String where = "parameter '" + parameter.name() + "' of analysis '" + analysis.id() + "'";
        try {
            return switch (parameter.type()) {
                case TEXT, EVENT, EVENTS -> text; // event names are checked against the catalog by the analysis
                case NUMBER -> new BigDecimal(text);
                case INTEGER -> Integer.valueOf(text);
                case BOOLEAN -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new AnalysisException(where + " is true or false, not '" + text + "'");
                    }
                    yield Boolean.valueOf(text.toLowerCase(Locale.ROOT));
                }
                case DATE -> LocalDate.parse(text);
                case CHOICE -> {
                    if (!parameter.choices().contains(text)) {
                        throw new AnalysisException(where + " is one of " + String.join(", ", parameter.choices())
                                + ", not '" + text + "'");
                    }
                    yield text;
                }
                case SEGMENT -> definition(where, text, Segment.class, "segment", definitions);
                case METRIC -> definition(where, text, Metric.class, "metric", definitions);
                case EXPERIMENT -> definition(where, text, Experiment.class, "experiment", definitions);
                case SEGMENTS, METRICS -> {
                    List<Definition> list = new ArrayList<>();
                    for (String name : text.split(",")) {
                        if (!name.isBlank()) {
                            list.add(parameter.type() == ParameterType.SEGMENTS
                                    ? definition(where, name.strip(), Segment.class, "segment", definitions)
                                    : definition(where, name.strip(), Metric.class, "metric", definitions));
                        }
                    }
                    yield List.copyOf(list);
                }
            };
        } catch (NumberFormatException e) {
            throw new AnalysisException(where + " is " + (parameter.type() == ParameterType.INTEGER ? "a whole number"
                    : "a number") + ", not '" + text + "'");
        } catch (DateTimeParseException e) {
            throw new AnalysisException(where + " is a date (yyyy-mm-dd), not '" + text + "'");
        }
    }

    private static <T extends Definition> T definition(String where, String name, Class<T> kind, String word,
            DefinitionLookup definitions) throws AnalysisException {
        List<Definition> found = definitions.find(name);
        if (found.isEmpty()) {
            throw new AnalysisException(where + " names " + word + " '" + name + "', which no .seg file defines");
        }
        if (found.size() > 1) {
            throw new AnalysisException(where + ": '" + name + "' is defined more than once; write its qualified name: "
                    + String.join(", ", found.stream().map(SegDefinitions::qualifiedName).toList()));
        }
        Definition definition = found.get(0);
        if (!kind.isInstance(definition)) {
            String article = "aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
            throw new AnalysisException(where + " needs " + article + word + ", but '" + name + "' is not one");
        }
        return kind.cast(definition);
    }

    private static String describe(ParameterDescriptor parameter) {
        String description = parameter.description() == null ? "" : parameter.description() + "; ";
        return description + parameter.type().schemaName();
    }

    public AnalysisDescriptor analysis() {
        return analysis;
    }

    /** The values as texts (defaults included), for the run's record. */
    public Map<String, String> asTexts() {
        return texts;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String text(String name) {
        return (String) get(name);
    }

    public BigDecimal number(String name) {
        return (BigDecimal) get(name);
    }

    public Integer integer(String name) {
        return (Integer) get(name);
    }

    public Boolean flag(String name) {
        return (Boolean) get(name);
    }

    public LocalDate date(String name) {
        return (LocalDate) get(name);
    }

    public Segment segment(String name) {
        return (Segment) get(name);
    }

    public Metric metric(String name) {
        return (Metric) get(name);
    }

    public Experiment experiment(String name) {
        return (Experiment) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Segment> segments(String name) {
        Object value = get(name);
        return value == null ? List.of() : (List<Segment>) value;
    }

    @SuppressWarnings("unchecked")
    public List<Metric> metrics(String name) {
        Object value = get(name);
        return value == null ? List.of() : (List<Metric>) value;
    }

    /** Every definition the values name, for the run's provenance. */
    public List<Definition> definitions() {
        List<Definition> result = new ArrayList<>();
        for (Object value : values.values()) {
            if (value instanceof Definition definition) {
                result.add(definition);
            } else if (value instanceof List<?> list) {
                list.forEach(d -> result.add((Definition) d));
            }
        }
        return result;
    }

    private Object get(String name) {
        if (analysis.parameter(name).isEmpty()) {
            throw new IllegalArgumentException("analysis '" + analysis.id() + "' declares no parameter '" + name + "'");
        }
        return values.get(name);
    }
}
