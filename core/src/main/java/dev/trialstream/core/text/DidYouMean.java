package dev.trialstream.core.text;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one known name a mistyped one most likely meant, for "did you mean ...?" after a lookup
 * that found nothing. Ids are matched exactly (a search id is a Kafka key), so {@code S-ABCD1234}
 * finds nothing where {@code s-abcd1234} exists; a user sees the same id. Suggested, in this
 * order: the name that differs only in case, else the only name one edit away (a character
 * wrong, missing, extra, or two swapped). Several candidates suggest none: a guess between them
 * would mislead more than the plain "no such" does.
 */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The known name {@code given} most likely meant; empty when none, or more than one, fits. */
    public static Optional<String> among(String given, Collection<String> known) {
        List<String> sameLetters = known.stream().filter(name -> !name.equals(given) && name.equalsIgnoreCase(given))
                .distinct().toList();
        if (!sameLetters.isEmpty()) {
            return sameLetters.size() == 1 ? Optional.of(sameLetters.get(0)) : Optional.empty();
        }
        List<String> oneEdit = known.stream().filter(name -> oneEditApart(given, name)).distinct().toList();
        return oneEdit.size() == 1 ? Optional.of(oneEdit.get(0)) : Optional.empty();
    }

    /** One substitution, insertion, deletion or swap of neighbours (optimal string alignment distance 1). */
    static boolean oneEditApart(String a, String b) {
        if (a.equals(b) || Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int start = 0;
        while (start < a.length() && start < b.length() && a.charAt(start) == b.charAt(start)) {
            start++;
        }
        if (a.length() != b.length()) {
            String longer = a.length() > b.length() ? a : b;
            String shorter = longer == a ? b : a;
            return longer.substring(start + 1).equals(shorter.substring(start));
        }
        if (a.substring(start + 1).equals(b.substring(start + 1))) {
            return true;
        }
        return start + 1 < a.length() && a.charAt(start) == b.charAt(start + 1) && a.charAt(start + 1) == b.charAt(start)
                && a.substring(start + 2).equals(b.substring(start + 2));
    }
}
