package cn.jixiao.reporting.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain JDBC on the service's data source. Inside a JTA transaction every call uses the one
 * connection enlisted in it. Only fixed SQL text and bound parameters reach the database.
 */
@ApplicationScoped
public class Db {

    /** A typed SQL NULL, so that PostgreSQL knows a parameter's type without a value. */
    public record Null(int sqlType) {
    }

    public static final Null NULL_NUMERIC = new Null(Types.NUMERIC);
    public static final Null NULL_TEXT = new Null(Types.VARCHAR);
    public static final Null NULL_BIGINT = new Null(Types.BIGINT);
    public static final Null NULL_INT = new Null(Types.INTEGER);
    public static final Null NULL_UUID = new Null(Types.OTHER);

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    public static Object dec(BigDecimal value) {
        return value == null ? NULL_NUMERIC : value;
    }

    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    /**
     * Runs one statement for each parameter row in a single round trip (in the rows' order). The
     * driver sends a batch of INSERTs as multi-row statements (reWriteBatchedInserts), so the rows
     * of one INSERT ... ON CONFLICT DO UPDATE batch must not share a conflict key: PostgreSQL
     * refuses to update one row twice in a statement.
     */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            throw new DbException(e.getNextException() != null ? e.getNextException() : e);
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The SQL element type of an array parameter (the statement may cast it further). */
    private static String arrayType(Object[] values) {
        Class<?> type = values.getClass().getComponentType();
        if (type == UUID.class) {
            return "uuid";
        } else if (type == Long.class) {
            return "int8";
        } else if (type == Integer.class) {
            return "int4";
        } else if (type == String.class) {
            return "text";
        }
        throw new IllegalArgumentException("no SQL array type for " + type.getName());
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int index = i + 1;
            if (p instanceof Null n) {
                ps.setNull(index, n.sqlType());
            } else if (p == null) {
                ps.setNull(index, Types.NULL);
            } else if (p instanceof BigDecimal d) {
                ps.setBigDecimal(index, d);
            } else if (p instanceof Object[] values) {
                ps.setArray(index, ps.getConnection().createArrayOf(arrayType(values), values));
            } else if (p instanceof UUID || p instanceof OffsetDateTime) {
                ps.setObject(index, p);
            } else {
                ps.setObject(index, p);
            }
        }
    }

    /** Reads a nullable integer column. */
    public static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** Reads a nullable bigint column. */
    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** A failure of the database, carrying the SQLSTATE so that callers can retry deadlocks. */
    public static class DbException extends RuntimeException {
        public final String sqlState;

        public DbException(SQLException cause) {
            super(cause.getMessage(), cause);
            this.sqlState = cause.getSQLState();
        }

        /** Deadlock or serialization failure: the transaction may simply be run again. */
        public boolean retryable() {
            return "40P01".equals(sqlState) || "40001".equals(sqlState);
        }
    }
}
