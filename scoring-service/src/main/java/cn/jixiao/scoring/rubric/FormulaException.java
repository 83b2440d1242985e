package cn.jixiao.scoring.rubric;

/** A formula that cannot be used: bad syntax, an unknown field, or a result of the wrong type. */
public class FormulaException extends RuntimeException {

    public enum Kind { SYNTAX, UNKNOWN_FIELD, TYPE }

    public final Kind kind;
    public final String field;
    public final String zh;

    public FormulaException(Kind kind, String field, String zh, String en) {
        super(en, null, false, false);
        this.kind = kind;
        this.field = field;
        this.zh = zh;
    }
}
