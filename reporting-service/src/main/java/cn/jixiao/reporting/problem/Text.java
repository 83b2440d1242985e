package cn.jixiao.reporting.problem;

/** A message in both languages; chosen per request by Accept-Language. */
public record Text(String zh, String en) {

    public static Text of(String zh, String en) {
        return new Text(zh, en);
    }

    public String in(Language language) {
        return language == Language.EN ? en : zh;
    }
}
