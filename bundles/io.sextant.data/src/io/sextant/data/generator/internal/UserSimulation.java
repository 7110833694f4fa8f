package io.sextant.data.generator.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The behaviour of one generated user over the data's days. The hidden traits (explorer, stuck) and the
 * experiment variants drive the outcomes; the rules that recover them are in the ground truth.
 *
 * <ul>
 * <li>Explorers (30%) view 3 to 5 distinct features in their first week (everyone else 0 to 2); they upgrade
 * far more often and stay longer.</li>
 * <li>Stuck users (20% of the others) have long sessions with many page views and few completed tasks; they
 * churn early.</li>
 * <li>onboarding_tour (users who sign up from day 20 until 15 days before the end, 50/50): the tour raises
 * the chance of upgrading within 14 days by {@value #TOUR_EFFECT} absolute.</li>
 * <li>checkout_redesign (users who sign up from day 10, 50/50, no effect): the assignment event of 15% of
 * the redesign users is lost, a sample ratio mismatch.</li>
 * </ul>
 */
public final class UserSimulation {

    public static final String[] EVENTS_COLUMNS = { "user_id", "event", "time", "session_id", "device", "page",
            "feature", "duration_s", "amount", "currency", "plan", "experiment", "variant" };
    public static final String[] USERS_COLUMNS = { "user_id", "signup_time", "country", "device", "plan", "email" };
    public static final String[] FEATURES = { "dashboards", "alerts", "exports", "sharing", "api", "segments" };
    static final String[] PAGES = { "home", "settings", "reports", "billing", "help", "search", "profile" };
    static final String[] COUNTRIES = { "US", "US", "US", "DE", "DE", "GB", "FR", "IN", "BR", "JP" };
    static final String[] DEVICES = { "web", "web", "ios", "android" };

    public static final double EXPLORER_SHARE = 0.30;
    public static final double STUCK_SHARE = 0.20;
    public static final double TOUR_EFFECT = 0.06;
    public static final double CHECKOUT_LOST_ASSIGNMENTS = 0.15;
    public static final int TOUR_FIRST_SIGNUP_DAY = 20;
    public static final int CHECKOUT_FIRST_SIGNUP_DAY = 10;
    /** Days whose volume is changed on purpose: a logging bug triples page views, an outage drops API calls. */
    public static final int TRIPLED_PAGE_VIEWS_DAY = 65;
    public static final int API_OUTAGE_DAY = 86;
    public static final double API_OUTAGE_KEPT = 0.1;
    public static final double DUPLICATE_RATE = 0.002;

    private final SplittableRandom random;
    private final GeneratorContext context;
    private final int index;
    private final String userId;
    private final String[] row = new String[EVENTS_COLUMNS.length];

    // traits and outcomes, read by the tally
    public int signupDay;
    public Instant signup;
    public String country;
    public String device;
    public boolean explorer;
    public boolean stuck;
    public String tourVariant;
    public String checkoutVariant;
    public boolean checkoutLogged;
    public boolean upgradedWithin14Days;
    public boolean retainedDay28;
    public boolean activeAfterDay30;
    public boolean[] activeOnDay;

    /** Hooks the generator gives: where rows go and the shared counters. */
    public interface GeneratorContext {
        long seed();

        LocalDate start();

        int days();

        void event(String[] row) throws IOException;

        /** The row again, as an exact duplicate. */
        void duplicate(String[] row) throws IOException;
    }

    public UserSimulation(GeneratorContext context, int index) {
        this.context = context;
        this.index = index;
        this.userId = String.format("u%07d", index);
        this.random = new SplittableRandom(context.seed() * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
    }

    public String userId() {
        return userId;
    }

    /** The user's row of users.csv. */
    public String[] userRow() {
        return new String[] { userId, signup.toString(), country, device, "free",
                "user" + index + "@example.com" };
    }

    private int upgradeDay;
    private double stay;
    private List<String> firstWeekFeatures;
    private boolean alive = true;
    private int sessionNumber;

    /** Draws the user's traits and variants; no events yet. */
    public void start() {
        int days = context.days();
        signupDay = random.nextInt(days - 7);
        signup = dayStart(signupDay).plusSeconds(6 * 3600 + random.nextInt(14 * 3600));
        country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        device = DEVICES[random.nextInt(DEVICES.length)];
        explorer = random.nextDouble() < EXPLORER_SHARE;
        stuck = !explorer && random.nextDouble() < STUCK_SHARE;
        // experiment variants come from their own stream, independent of the traits
        SplittableRandom assignment = new SplittableRandom(context.seed() ^ (index * 0x94D049BB133111EBL));
        boolean tourEligible = signupDay >= TOUR_FIRST_SIGNUP_DAY && signupDay <= days - 15;
        tourVariant = tourEligible ? (assignment.nextBoolean() ? "tour" : "control") : null;
        checkoutVariant = signupDay >= CHECKOUT_FIRST_SIGNUP_DAY ? (assignment.nextBoolean() ? "redesign" : "control")
                : null;
        checkoutLogged = checkoutVariant != null
                && !("redesign".equals(checkoutVariant) && assignment.nextDouble() < CHECKOUT_LOST_ASSIGNMENTS);
        double upgradeChance = 0.05 + (explorer ? 0.25 : 0) - (stuck ? 0.03 : 0)
                + ("tour".equals(tourVariant) ? TOUR_EFFECT : 0);
        upgradeDay = random.nextDouble() < upgradeChance ? 3 + random.nextInt(11) : -1;
        stay = stuck ? 0.90 : explorer ? 0.985 : 0.965;
        firstWeekFeatures = firstWeekFeatures();
        activeOnDay = new boolean[days];
    }

    /**
     * The user's events of one day, in time order. The generator calls it day by day for all users, so the
     * files come out in (day) time order, as real exports do.
     */
    public void day(int day) throws IOException {
        if (day < signupDay || !alive) {
            return;
        }
        int age = day - signupDay;
        if (age == 0) {
            emit(signup, "signed_up", null, null, null, null, null, null, null, null, null);
            if (tourVariant != null) {
                emit(signup.plusSeconds(30), "experiment_assigned", null, null, null, null, null, null, null,
                        "onboarding_tour", tourVariant);
            }
            if (checkoutVariant != null && checkoutLogged) {
                emit(signup.plusSeconds(31), "experiment_assigned", null, null, null, null, null, null, null,
                        "checkout_redesign", checkoutVariant);
            }
        }
        boolean upgradeToday = age == upgradeDay;
        boolean weekend = (day % 7) >= 5;
        // the first-week features not yet seen are seen on day 1, so every explorer satisfies the rule
        boolean featuresLeft = age == 1 && !firstWeekFeatures.isEmpty();
        boolean active = age == 0 || upgradeToday || featuresLeft || random.nextDouble() < (weekend ? 0.3 : 0.6);
        if (active) {
            activeOnDay[day] = true;
            int sessions = 1 + (random.nextDouble() < 0.3 ? 1 : 0);
            List<Instant> starts = new ArrayList<>(sessions);
            for (int s = 0; s < sessions; s++) {
                // on the signup day every session comes after the signup
                starts.add(age == 0 ? signup.plusSeconds(s == 0 ? 60 : 3_600 + random.nextInt(3 * 3600))
                        : dayStart(day).plusSeconds(7 * 3600 + random.nextInt(15 * 3600)));
            }
            starts.sort(null);
            for (int s = 0; s < sessions; s++) {
                Instant start = starts.get(s);
                List<String> features = age < 7 && !firstWeekFeatures.isEmpty() && s == 0
                        ? takeFeatures(firstWeekFeatures, age) : List.of();
                // features seen at random only after the first week, which the explorer rule looks at
                boolean afterFirstWeek = !start.isBefore(signup.plusSeconds(7 * 86_400L));
                session(start, userId + "-" + (++sessionNumber), features, afterFirstWeek, day);
            }
            if (upgradeToday) {
                upgrade(dayStart(day).plusSeconds(22 * 3600 + random.nextInt(3_000)), day);
            } else if (upgradeDay >= 0 && age > upgradeDay && (age - upgradeDay) % 30 == 0) {
                purchase(dayStart(day).plusSeconds(23 * 3600 + random.nextInt(3_000)), "renewal");
            }
        }
        if (age >= 2 && (upgradeDay < 0 || age > upgradeDay)) {
            alive = random.nextDouble() < stay + (upgradeDay >= 0 && age > upgradeDay ? 0.01 : 0);
        }
    }

    /** The outcomes, once every day has been simulated. */
    public void finish() {
        int days = context.days();
        upgradedWithin14Days = upgradeDay >= 0 && upgradeDay < 14;
        for (int day = signupDay + 28; day < Math.min(days, signupDay + 35); day++) {
            retainedDay28 |= activeOnDay[day];
        }
        for (int day = signupDay + 30; day < days; day++) {
            activeAfterDay30 |= activeOnDay[day];
        }
        firstWeekFeatures = null;
    }

    /** Explorers see 3 to 5 distinct features in their first week, the others 0 to 2. */
    private List<String> firstWeekFeatures() {
        int count = explorer ? 3 + random.nextInt(3) : random.nextInt(3);
        List<String> all = new ArrayList<>(List.of(FEATURES));
        Collections.shuffle(all, new java.util.Random(random.nextLong()));
        return new ArrayList<>(all.subList(0, count));
    }

    /** On the first day all but the last two of the week's features; the rest on later first-week days. */
    private List<String> takeFeatures(List<String> remaining, int age) {
        int take = age == 0 ? Math.max(1, remaining.size() - 2) : remaining.size();
        List<String> now = new ArrayList<>(remaining.subList(0, Math.min(take, remaining.size())));
        remaining.removeAll(now);
        return now;
    }

    private void session(Instant start, String session, List<String> features, boolean randomFeature, int day)
            throws IOException {
        Instant t = start;
        emit(t, "session_started", session, device, null, null, null, null, null, null, null);
        int pages = stuck ? 8 + random.nextInt(10) : 2 + random.nextInt(5);
        for (int p = 0; p < pages; p++) {
            t = t.plusSeconds(20 + random.nextInt(70)).plusMillis(random.nextInt(1000));
            String page = PAGES[random.nextInt(PAGES.length)];
            emit(t, "page_viewed", session, null, page, null, null, null, null, null, null);
            if (day == TRIPLED_PAGE_VIEWS_DAY) {
                // the logging bug: every page view is sent three times, a little apart
                emit(t.plusMillis(1), "page_viewed", session, null, page, null, null, null, null, null, null);
                emit(t.plusMillis(2), "page_viewed", session, null, page, null, null, null, null, null, null);
            }
        }
        for (String feature : features) {
            t = t.plusSeconds(10 + random.nextInt(60));
            emit(t, "feature_viewed", session, null, null, feature, null, null, null, null, null);
        }
        if (randomFeature && random.nextDouble() < 0.3) {
            t = t.plusSeconds(10 + random.nextInt(60));
            emit(t, "feature_viewed", session, null, null, FEATURES[random.nextInt(FEATURES.length)], null, null, null,
                    null, null);
        }
        int tasks = stuck ? (random.nextDouble() < 0.1 ? 1 : 0) : 1 + random.nextInt(2);
        for (int k = 0; k < tasks; k++) {
            t = t.plusSeconds(30 + random.nextInt(120));
            emit(t, "task_completed", session, null, null, null, null, null, null, null, null);
        }
        int calls = random.nextInt(4);
        for (int k = 0; k < calls; k++) {
            t = t.plusSeconds(1 + random.nextInt(20));
            boolean outage = day == API_OUTAGE_DAY && random.nextDouble() >= API_OUTAGE_KEPT;
            if (!outage) {
                emit(t, "api_call", session, null, null, null, null, null, null, null, null);
            }
        }
        if (random.nextDouble() < 0.05) {
            t = t.plusSeconds(5 + random.nextInt(30));
            emit(t, "export_created", session, null, null, null, null, null, null, null, null);
        }
        int duration = stuck ? 1_200 + random.nextInt(1_800) : 120 + random.nextInt(780);
        Instant end = start.plusSeconds(duration);
        emit(end.isAfter(t) ? end : t.plusSeconds(1), "session_ended", session, null, null, null,
                String.valueOf(duration), null, null, null, null);
    }

    private void upgrade(Instant t, int day) throws IOException {
        emit(t, "plan_upgraded", null, null, null, null, null, null, "pro", null, null);
        purchase(t.plusSeconds(5), "first");
    }

    private void purchase(Instant t, String kind) throws IOException {
        boolean yearly = "first".equals(kind) && random.nextDouble() < 0.2;
        String amount = yearly ? "290.00" : "29.00";
        String currency = "DE".equals(country) || "FR".equals(country) ? "EUR" : "USD";
        emit(t, "purchase", null, null, null, null, null, amount, "pro", null, null, currency);
    }

    private void emit(Instant time, String event, String session, String device, String page, String feature,
            String duration, String amount, String plan, String experiment, String variant) throws IOException {
        emit(time, event, session, device, page, feature, duration, amount, plan, experiment, variant, null);
    }

    private void emit(Instant time, String event, String session, String device, String page, String feature,
            String duration, String amount, String plan, String experiment, String variant, String currency)
            throws IOException {
        row[0] = userId;
        row[1] = event;
        row[2] = time.toString();
        row[3] = session;
        row[4] = device;
        row[5] = page;
        row[6] = feature;
        row[7] = duration;
        row[8] = amount;
        row[9] = currency;
        row[10] = plan;
        row[11] = experiment;
        row[12] = variant;
        context.event(row);
        if (random.nextDouble() < DUPLICATE_RATE) {
            context.duplicate(row); // sent twice by a retrying client: an exact duplicate
        }
    }

    private Instant dayStart(int day) {
        return context.start().plusDays(day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
}
