package io.sextant.report.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.Results;
import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.Conversions;
import io.sextant.analysis.experiments.stats.Lifts;
import io.sextant.analysis.experiments.stats.SampleRatio;
import io.sextant.analysis.experiments.stats.SampleRatioResult;
import io.sextant.data.generator.Tier;
import io.sextant.dsl.seg.Playbook;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;
import io.sextant.project.Playbooks;
import io.sextant.project.SampleProjects;
import io.sextant.project.SextantProject;
import io.sextant.store.Identity;
import io.sextant.store.RunRequest;

/**
 * The tier S sample project with its playbook Q3Growth run, and an experiment result of OnboardingTour stored
 * as the experiment analysis stores one (a lift table of label, estimate, lower, upper and a sample ratio check),
 * computed with the experiment statistics from conversions; its breakdown holds a small segment (fewer than k
 * users) and a row that names a user's e-mail address (a PII-flagged attribute of the sample).
 */
final class SampleReports {

    final SextantProject project;
    final Playbook playbook;
    final LocalDate asOf;
    final List<Playbooks.Answered> answered;
    final AnalysisRun experimentRun;
    final String email;

    SampleReports(Path folder) throws Exception {
        Path projectFolder = folder.resolve("acme");
        SampleProjects.create(projectFolder, Tier.S, 42, new NullProgressMonitor());
        project = SextantProject.open(projectFolder, Identity.of("alice"));
        playbook = project.definitions().find("Q3Growth", Playbook.class, "playbook");
        asOf = project.defaultAsOf();
        List<Playbooks.Step> steps = Playbooks.steps(playbook, asOf, project.definitions().lookup(), AnalysisRegistry.read());
        Playbooks.run(steps, project.analysisRunner(), new NullProgressMonitor());
        answered = Playbooks.latestRuns(steps, project.repository());
        email = firstEmail();
        experimentRun = storeExperimentRun();
    }

    private String firstEmail() throws Exception {
        try (Connection connection = project.source().open(); Statement statement = connection.createStatement();
                ResultSet column = statement.executeQuery(
                        "SELECT column_name FROM property_columns WHERE owner = 'user' AND property = 'email'")) {
            if (!column.next()) {
                throw new AssertionError("the sample has an email attribute");
            }
            try (ResultSet rows = statement.executeQuery("SELECT \"" + column.getString(1) + "\" FROM users WHERE \""
                    + column.getString(1) + "\" IS NOT NULL ORDER BY user_id LIMIT 1")) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private AnalysisRun storeExperimentRun() {
        Comparison upgrades = Lifts.proportions("UpgradeConversion", new Conversions("control", 180, 1750),
                new Conversions("tour", 260, 1794), 0.05);
        Comparison retention = Lifts.proportions("Retention7", new Conversions("control", 700, 1750),
                new Conversions("tour", 705, 1794), 0.05);
        SampleRatioResult srm = SampleRatio.check(Map.of("control", 1750L, "tour", 1794L),
                Map.of("control", 50.0, "tour", 50.0));
        List<Result> results = new ArrayList<>();
        results.add(Results.table("Lift", "Relative lift of tour over control, 95 % intervals")
                .text("label", List.of(upgrades.metric(), retention.metric()))
                .number("estimate", "share", List.of(upgrades.relativeLift(), retention.relativeLift()))
                .number("lower", "share", List.of(upgrades.relativeInterval().lower(), retention.relativeInterval().lower()))
                .number("upper", "share", List.of(upgrades.relativeInterval().upper(), retention.relativeInterval().upper()))
                .number("users", "users", List.of(3544.0, 3544.0)).build());
        results.add(Results.table("Sample ratio", srm.message() == null ? "Users per variant against the plan" : srm.message())
                .text("variant", List.of("control", "tour"))
                .number("users", "users", List.of(1750.0, 1794.0))
                .text("mismatch", List.of(Boolean.toString(srm.mismatch()), Boolean.toString(srm.mismatch()))).build());
        results.add(Results.table("Lift by segment", "UpgradeConversion per segment; exploratory")
                .text("label", List.of("sample.growth.Explorers", "sample.growth.Stuck", "signed up by " + email))
                .number("estimate", "share", List.of(0.21, 0.4321, 0.5))
                .number("lower", "share", List.of(0.05, -0.2, 0.1))
                .number("upper", "share", List.of(0.37, 1.1, 0.9))
                .number("users", "users", List.of(812.0, 7.0, 1.0)).build());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("experiment", "sample.growth.OnboardingTour");
        parameters.put("as-of", asOf.toString());
        try {
            long id = project.repository().runs().start(new RunRequest("experiment", parameters, List.of(),
                    SextantProject.DATA_SOURCE_NAME, "test")).getId();
            project.repository().runs().succeed(id, results);
            return project.repository().runs().run(id).orElseThrow();
        } catch (io.sextant.project.ProjectException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
