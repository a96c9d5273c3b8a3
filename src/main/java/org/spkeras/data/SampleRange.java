package org.spkeras.data;

import org.spkeras.InvalidOption;

/**
 * Samples {@code first} to {@code end - 1} of a data set, as written {@code first:end} ({@code end} null: to the
 * end of the set). A limit counts from {@code first}.
 *
 * @param option the option's name in the tool's vocabulary, for refusals ({@code range}, {@code calibration-range})
 */
public record SampleRange(String option, int first, Integer end) {
    public SampleRange {
        InvalidOption.require(first >= 0, option, "the first sample must be 0 or more, found " + first);
        InvalidOption.require(end == null || end > first, option, "must name at least one sample (first:end with end > "
                + "first, end excluded), found " + first + ":" + end);
    }

    /** Parses {@code A:B}, {@code A:} (from A to the end) or {@code :B} (the first B samples). */
    public static SampleRange parse(String option, String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        InvalidOption.require(colon >= 0, option, "expected first:end (e.g. 1000:10000, end excluded; 1000: for the "
                + "rest of the set), found '" + text + "'");
        try {
            String a = t.substring(0, colon).strip();
            String b = t.substring(colon + 1).strip();
            return new SampleRange(option, a.isEmpty() ? 0 : Integer.parseInt(a), b.isEmpty() ? null : Integer.parseInt(b));
        } catch (NumberFormatException e) {
            throw new InvalidOption(option, "expected whole numbers first:end (e.g. 1000:10000, end excluded), found '"
                    + text + "'");
        }
    }

    /** How many samples the range names; null when it runs to the end of the set. */
    public Integer size() {
        return end == null ? null : end - first;
    }

    /** Whether the samples {@code [first, first + count)} ({@code count} null: to the end) overlap this range. */
    public boolean overlaps(int otherFirst, Integer otherCount) {
        boolean beforeOther = end != null && end <= otherFirst;
        boolean afterOther = otherCount != null && otherFirst + otherCount <= first;
        return !beforeOther && !afterOther;
    }

    @Override
    public String toString() {
        return first + ":" + (end == null ? "" : end);
    }
}
