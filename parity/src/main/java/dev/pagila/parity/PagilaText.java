package dev.pagila.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pagila's {@code group_concat} strings read back into what they list. The aggregate's order follows the
 * join, which nothing fixes, so lists are compared sorted (duplicates still count).
 */
final class PagilaText {

    private PagilaText() {
    }

    /** "PENELOPE GUINESS, CHRISTIAN GABLE" as the sorted list of names. */
    static List<String> names(String joined) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(Arrays.asList(joined.split(", ")));
        names.sort(null);
        return names;
    }

    /**
     * actor_info's film_info, "Animation: TITLE A, TITLE B, Children: TITLE C", as category to sorted titles.
     * A "Name: " prefix starts a category; Pagila's titles hold neither commas nor colons.
     */
    static Map<String, List<String>> filmInfo(String filmInfo) {
        Map<String, List<String>> films = new TreeMap<>();
        if (filmInfo == null || filmInfo.isEmpty()) {
            return films;
        }
        String category = "";
        for (String part : filmInfo.split(", ")) {
            int colon = part.indexOf(": ");
            String title = part;
            if (colon >= 0) {
                category = part.substring(0, colon);
                title = part.substring(colon + 2);
            }
            films.computeIfAbsent(category, name -> new ArrayList<>()).add(title);
        }
        films.values().forEach(titles -> titles.sort(null));
        return films;
    }
}
