package cn.jixiao.reporting.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Query results as text, one line per row, for comparing tables that should agree. */
public final class TableRows {

    private TableRows() {
    }

    /** The rows' values in the query's order; the query takes one parameter. */
    public static List<String> of(DataSource db, String sql, Object parameter) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append(rs.getString(i)).append(' ');
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }
}
