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
 * The tier S sample project with its playbook Q3Growth run, and the experiment step's results stored again with
 * one more table (so that it answers the step): a breakdown that holds a small segment (fewer than k users), a row
 * that names a user's e-mail address (a PII-flagged attribute of the sample) and p-values far below 0.001.
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
        email = firstEmail();
        Playbooks.Answered experimentStep = Playbooks.latestRuns(steps, project.repository()).stream()
                .filter(a -> "experiment".equals(a.step().request().analysisId())).findFirst().orElseThrow();
        experimentRun = storeExperimentRun(experimentStep);
        // the stored experiment run is the newest with the step's parameters: the playbook's answer
        answered = Playbooks.latestRuns(steps, project.repository());
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

    /**
     * The experiment step's run again, with the results the analysis stored and a breakdown that holds a small
     * segment, a row naming a user's e-mail address and p-values far below 0.001; stored with the step's
     * parameters and inputs, so that it answers the step.
     */
    private AnalysisRun storeExperimentRun(Playbooks.Answered step) {
        AnalysisRun stored = step.run().orElseThrow();
        List<Result> results = new ArrayList<>();
        for (Result result : stored.getResults()) {
            results.add(org.eclipse.emf.ecore.util.EcoreUtil.copy(result));
        }
        results.add(Results.table("Lift by segment", "UpgradeConversion per segment; exploratory")
                .text("label", List.of("sample.growth.Explorers", "sample.growth.Stuck", "signed up by " + email,
                        "sample.growth.NewUsers"))
                .number("estimate", "share", List.of(0.21, 0.4321, 0.5, 0.12))
                .number("lower", "share", List.of(0.05, -0.2, 0.1, 0.06))
                .number("upper", "share", List.of(0.37, 1.1, 0.9, 0.18))
                .number("users", "users", List.of(812.0, 7.0, 1.0, 640.0))
                .number("p-value", null, List.of(3.1e-18, 0.2, 0.01, 3.0e-5)).build());
        Map<String, String> parameters = new LinkedHashMap<>(step.step().resolvedParameters());
        List<RunRequest.Input> inputs = stored.getInputs().stream()
                .map(i -> new RunRequest.Input(i.getQualifiedName(), i.getNumber(), i.getContentHash())).toList();
        try {
            long id = project.repository().runs().start(new RunRequest("experiment", parameters, inputs,
                    SextantProject.DATA_SOURCE_NAME, stored.getDataFingerprint())).getId();
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
