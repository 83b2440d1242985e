package cn.jixiao.reporting.problem;

import java.util.Locale;

/**
 * The two languages of our messages. Chinese is the default: the users are a Chinese finance
 * bureau; a client that prefers English says so with Accept-Language.
 */
public enum Language {
    ZH, EN;

    /** Picks the first of zh/en named in an Accept-Language header, honouring q-values. */
    public static Language fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return ZH;
        }
        Language best = ZH;
        double bestQ = -1;
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String tag = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            Language candidate = tag.startsWith("zh") ? ZH : tag.startsWith("en") ? EN : null;
            if (candidate != null && q > bestQ) {
                best = candidate;
                bestQ = q;
            }
        }
        return best;
    }
}
