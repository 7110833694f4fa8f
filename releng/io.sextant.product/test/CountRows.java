import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Prints how many rows a SELECT (in a file) returns on a database (the project's DuckDB file): test-cli.sh runs
 * the SQL that `sextant sql` prints straight on the project's event data, to know independently what the report
 * must show. Usage: java -cp <JDBC driver jar> CountRows.java <jdbc url> <sql file>
 */
public class CountRows {
    public static void main(String[] args) throws Exception {
        String sql = Files.readString(Path.of(args[1])).strip();
        try (Connection connection = DriverManager.getConnection(args[0]);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM (" + sql + ") counted")) {
            rows.next();
            System.out.println(rows.getLong(1));
        }
    }
}
