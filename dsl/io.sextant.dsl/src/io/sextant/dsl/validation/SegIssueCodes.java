package io.sextant.dsl.validation;

/**
 * The codes of the issues the .seg validation reports, one per rule: quick fixes and tests refer to rules
 * by these.
 */
public final class SegIssueCodes {

    private static final String PREFIX = "io.sextant.dsl.";

    public static final String MISSING_OWNER = PREFIX + "missingOwner";
    public static final String ALLOCATION_NOT_100 = PREFIX + "allocationNot100";
    public static final String TOO_FEW_VARIANTS = PREFIX + "tooFewVariants";
    public static final String MISSING_PRIMARY_METRIC = PREFIX + "missingPrimaryMetric";
    public static final String MISSING_SUCCESS_MEASURE = PREFIX + "missingSuccessMeasure";
    public static final String IMPOSSIBLE_WINDOW = PREFIX + "impossibleWindow";
    public static final String NUMBER_OUT_OF_RANGE = PREFIX + "numberOutOfRange";
    public static final String PROBABILITY_OUT_OF_RANGE = PREFIX + "probabilityOutOfRange";
    public static final String CYCLIC_REFERENCE = PREFIX + "cyclicReference";
    public static final String DUPLICATE_NAME = PREFIX + "duplicateName";
    public static final String DUPLICATE_CLAUSE = PREFIX + "duplicateClause";
    public static final String UNKNOWN_EVENT = PREFIX + "unknownEvent";
    public static final String UNKNOWN_PROPERTY = PREFIX + "unknownProperty";
    public static final String UNKNOWN_ATTRIBUTE = PREFIX + "unknownAttribute";
    public static final String TYPE_MISMATCH = PREFIX + "typeMismatch";
    public static final String AGGREGATE_NEEDS_PROPERTY = PREFIX + "aggregateNeedsProperty";
    public static final String INVALID_DATE = PREFIX + "invalidDate";
    public static final String PII_IN_CONDITION = PREFIX + "piiInCondition";
    public static final String PUBLISHED_VERSION_CHANGED = PREFIX + "publishedVersionChanged";
    public static final String UNDERPOWERED = PREFIX + "underpowered";
    /** A warning: the first occurrence of an event measured from the first occurrence of the same event. */
    public static final String FIRST_FROM_ITSELF = PREFIX + "firstFromItself";
    /** A syntax error: a condition nests deeper than the parser takes (ConditionNesting). */
    public static final String CONDITION_TOO_DEEP = PREFIX + "conditionTooDeep";

    private SegIssueCodes() {
    }
}
