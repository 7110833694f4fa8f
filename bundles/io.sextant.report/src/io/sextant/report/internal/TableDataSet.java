package io.sextant.report.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.birt.core.exception.BirtException;
import org.eclipse.birt.report.engine.api.script.IReportContext;
import org.eclipse.birt.report.engine.api.script.IUpdatableDataSetRow;
import org.eclipse.birt.report.engine.api.script.eventadapter.ScriptedDataSetEventAdapter;
import org.eclipse.birt.report.engine.api.script.instance.IDataSetInstance;

/**
 * The Java scripted data set behind every table of a report (no JavaScript in the data path): it serves the
 * rows of the {@link ReportTable} registered under the data set's name in the task's application context,
 * as text columns c0, c1, ... already formatted and sanitized.
 */
public class TableDataSet extends ScriptedDataSetEventAdapter {

    /** The application context key of the {@code Map<String, ReportTable>} by data set name. */
    public static final String TABLES = "io.sextant.report.tables";

    private Iterator<List<String>> rows = Collections.emptyIterator();

    @Override
    @SuppressWarnings("unchecked")
    public void beforeOpen(IDataSetInstance dataSet, IReportContext reportContext) {
        Map<String, ReportTable> tables = (Map<String, ReportTable>) reportContext.getAppContext().get(TABLES);
        ReportTable table = tables == null ? null : tables.get(dataSet.getName());
        rows = table == null ? Collections.<List<String>>emptyIterator() : table.rows().iterator();
    }

    @Override
    public boolean fetch(IDataSetInstance dataSet, IUpdatableDataSetRow row) {
        if (!rows.hasNext()) {
            return false;
        }
        List<String> cells = rows.next();
        try {
            for (int i = 0; i < cells.size(); i++) {
                row.setColumnValue("c" + i, cells.get(i));
            }
        } catch (BirtException e) {
            throw new IllegalStateException("data set " + dataSet.getName() + ": " + e.getMessage(), e);
        }
        return true;
    }
}
