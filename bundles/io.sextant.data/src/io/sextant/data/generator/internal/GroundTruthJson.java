package io.sextant.data.generator.internal;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.GroundTruth.ExperimentTruth;
import io.sextant.data.generator.GroundTruth.InjectedAnomaly;
import io.sextant.data.generator.GroundTruth.SegmentTruth;

/** Writes the ground truth as pretty JSON with Jackson's generator; file paths are written relative. */
public final class GroundTruthJson {

    private GroundTruthJson() {
    }

    public static void write(GroundTruth truth, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator json = JsonFactory.builder().build().createGenerator(out).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeNumberField("seed", truth.seed());
            json.writeNumberField("users", truth.users());
            json.writeNumberField("eventRows", truth.eventRows());
            json.writeNumberField("distinctEvents", truth.distinctEvents());
            json.writeStringField("start", truth.start().toString());
            json.writeNumberField("days", truth.days());
            longs(json, "eventCounts", truth.eventCounts());
            json.writeObjectFieldStart("costPerEvent");
            for (Map.Entry<String, BigDecimal> cost : truth.costPerEvent().entrySet()) {
                json.writeNumberField(cost.getKey(), cost.getValue());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("segments");
            for (SegmentTruth segment : truth.segments()) {
                json.writeStartObject();
                json.writeStringField("name", segment.name());
                json.writeStringField("rule", segment.rule());
                json.writeNumberField("members", segment.members());
                doubles(json, "outcomes", segment.outcomes());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("experiments");
            for (ExperimentTruth experiment : truth.experiments()) {
                json.writeStartObject();
                json.writeStringField("name", experiment.name());
                json.writeStringField("population", experiment.population());
                doubles(json, "intendedShares", experiment.intendedShares());
                longs(json, "assignedUsers", experiment.assignedUsers());
                longs(json, "loggedUsers", experiment.loggedUsers());
                json.writeStringField("metric", experiment.metric());
                doubles(json, "trueEffect", experiment.trueEffect());
                doubles(json, "observedRate", experiment.observedRate());
                json.writeBooleanField("sampleRatioMismatch", experiment.sampleRatioMismatch());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("anomalies");
            for (InjectedAnomaly anomaly : truth.anomalies()) {
                json.writeStartObject();
                json.writeStringField("event", anomaly.event());
                json.writeStringField("day", anomaly.day().toString());
                json.writeNumberField("factor", anomaly.factor());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("defects");
            json.writeNumberField("exactDuplicates", truth.defects().exactDuplicates());
            json.writeNumberField("unknownUserEvents", truth.defects().unknownUserEvents());
            json.writeNumberField("futureEvents", truth.defects().futureEvents());
            json.writeNumberField("preLaunchEvents", truth.defects().preLaunchEvents());
            json.writeNumberField("negativeAmounts", truth.defects().negativeAmounts());
            json.writeEndObject();
            json.writeNumberField("purchases", truth.purchases());
            json.writeNumberField("revenue", truth.revenue());
            json.writeObjectFieldStart("files");
            for (Map.Entry<String, Path> entry : truth.files().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue().getFileName().toString());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void longs(JsonGenerator json, String name, Map<String, Long> values) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    private static void doubles(JsonGenerator json, String name, Map<String, Double> values) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, Double> entry : new java.util.TreeMap<>(values).entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
