package org.spkeras.report;

/**
 * 95 % confidence intervals of an evaluation, the same statistics as docs/results.md
 * ({@code bench/results_table.py}, whose numbers {@code IntervalsTest} checks these against):
 * <ul>
 *   <li>an accuracy: the Wilson (1927) score interval of k correct of n;</li>
 *   <li>the SNN − ANN accuracy difference on the same images: Tango's (1998) score interval for the difference
 *       of paired proportions, from the discordant pairs only (b images only the SNN classifies correctly, c only
 *       the ANN), so that a difference of two images on 10,000 is seen to be two images.</li>
 * </ul>
 * Both are proportions here; the report shows them in percent and percentage points.
 */
public final class Intervals {
    /** The confidence level. */
    public static final double LEVEL = 0.95;
    /** The standard normal quantile of 1 − (1 − LEVEL)/2 (1.95996…). */
    public static final double Z = normalQuantile(1 - (1 - LEVEL) / 2);

    private Intervals() {}

    /** A closed interval {@code [low, high]}. */
    public record Interval(double low, double high) {
        /** This interval times {@code factor} (e.g. 100 for percent). */
        public Interval times(double factor) {
            return new Interval(low * factor, high * factor);
        }
    }

    /** The Wilson score interval of {@code k} successes in {@code n > 0} trials. */
    public static Interval wilson(long k, long n) {
        if (n <= 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("wilson(" + k + ", " + n + ")");
        }
        double p = (double) k / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0.0, centre - half), Math.min(1.0, centre + half));
    }

    /**
     * Tango's score interval for {@code (b − c)/n}: {@code b} pairs where only the first is a success, {@code c}
     * where only the second, of {@code n}. The statistic decreases in δ, so each end is found by bisection.
     */
    public static Interval tango(long b, long c, long n) {
        if (n <= 0 || b < 0 || c < 0 || b + c > n) {
            throw new IllegalArgumentException("tango(" + b + ", " + c + ", " + n + ")");
        }
        double estimate = (double) (b - c) / n;
        double lower = estimate <= -1 ? -1.0 : solve(Z, -1.0, estimate, b, c, n);
        double upper = estimate >= 1 ? 1.0 : solve(-Z, estimate, 1.0, b, c, n);
        return new Interval(lower, upper);
    }

    private static double solve(double target, double lo, double hi, long b, long c, long n) {
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (tangoStatistic(mid, b, c, n) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Tango's score statistic for H0: p(b) − p(c) = δ. */
    static double tangoStatistic(double delta, long b, long c, long n) {
        double q = restrictedEstimate(delta, b, c, n);
        double variance = n * (2 * q + delta * (1 - delta));
        double numerator = b - c - n * delta;
        if (variance <= 0) {
            return numerator == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, numerator);
        }
        return numerator / Math.sqrt(variance);
    }

    /** The maximum-likelihood probability of a c-type pair under δ (Tango 1998, a quadratic's root). */
    static double restrictedEstimate(double delta, long b, long c, long n) {
        double a = 2.0 * n;
        double bq = -b - c + (2.0 * n - b + c) * delta;
        double cq = -c * delta * (1 - delta);
        return (Math.sqrt(Math.max(0.0, bq * bq - 4 * a * cq)) - bq) / (2 * a);
    }

    /** The standard normal quantile by bisection on erf (to double precision), as results_table.py. */
    static double normalQuantile(double p) {
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (0.5 * (1 + erf(mid / Math.sqrt(2))) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * The error function to about 1e-16 relative: its Maclaurin series for |x| < 3, otherwise 1 − erfc by
     * the continued fraction (Abramowitz &amp; Stegun 7.1.5 and 7.1.14), so Z agrees with Python's math.erf.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int k = 1; k < 200; k++) {
                term *= -ax * ax / k;
                double add = term / (2 * k + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + …))))), evaluated from the tail.
            double f = ax;
            for (int k = 60; k >= 1; k--) {
                f = ax + (k / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
