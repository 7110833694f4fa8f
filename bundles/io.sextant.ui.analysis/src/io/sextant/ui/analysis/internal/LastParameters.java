package io.sextant.ui.analysis.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.FrameworkUtil;

/**
 * The parameters last run with, per analysis, and the analysis last run from the dialog: the dialog opens on
 * them again (kept in the plug-in's dialog settings, in the workspace, so they survive a restart).
 */
final class LastParameters {

    private static final String SECTION = "RunAnalysisDialog";
    private static final String LAST_ANALYSIS = "lastAnalysis";

    private LastParameters() {
    }

    private static IDialogSettings section() {
        IDialogSettings root = PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(LastParameters.class))
                .getDialogSettings();
        IDialogSettings section = root.getSection(SECTION);
        return section != null ? section : root.addNewSection(SECTION);
    }

    static String lastAnalysis() {
        return section().get(LAST_ANALYSIS);
    }

    /** The values last run with for the analysis (parameter name to text as typed); empty when never run. */
    static Map<String, String> of(String analysisId) {
        IDialogSettings analysis = section().getSection(analysisId);
        Map<String, String> values = new LinkedHashMap<>();
        if (analysis != null) {
            String[] names = analysis.getArray("names");
            String[] texts = analysis.getArray("values");
            if (names != null && texts != null) {
                for (int i = 0; i < Math.min(names.length, texts.length); i++) {
                    values.put(names[i], texts[i]);
                }
            }
        }
        return values;
    }

    static void remember(String analysisId, Map<String, String> values) {
        IDialogSettings section = section();
        section.put(LAST_ANALYSIS, analysisId);
        IDialogSettings analysis = section.getSection(analysisId);
        if (analysis == null) {
            analysis = section.addNewSection(analysisId);
        }
        analysis.put("names", values.keySet().toArray(String[]::new));
        analysis.put("values", values.values().toArray(String[]::new));
        try {
            PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(LastParameters.class)).saveDialogSettings();
        } catch (RuntimeException e) {
            org.eclipse.core.runtime.ILog.of(LastParameters.class).warn("Could not save the dialog's settings", e);
        }
    }
}
