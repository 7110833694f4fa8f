package io.sextant.data.catalog.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Guesses whether a property identifies a person, from its name and from its values. It errs towards
 * flagging: a flag only warns where the property selects users, and the user's own mark overrides it.
 */
public final class PiiHeuristics {

    private static final Pattern EMAIL_NAME = Pattern.compile("(^|_)(e_?mail|mail)(_?address)?($|_)");
    private static final Pattern PERSON_NAME = Pattern.compile(
            "^(name|(first|last|full|given|family|middle|display|user|customer|contact)_?name|surname|forename)$");
    private static final Pattern PHONE_NAME = Pattern.compile("(^|_)(phone|mobile|tel|telephone|msisdn)(_?(number|no))?($|_)");
    private static final Pattern IP_NAME = Pattern.compile("(^|_)(ip|ipv4|ipv6|ip_?address|remote_?addr)($|_)");
    private static final Pattern ADDRESS_NAME = Pattern.compile("^(street|street_?address|postal_?address|home_?address|address)$");

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ().\\-]{5,}[0-9]$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}$");

    /** A sample of values is PII-like when at least this share of it matches a pattern. */
    static final double VALUE_SHARE = 0.5;

    private PiiHeuristics() {
    }

    /** Why the property's name suggests personal data, or null. */
    public static String byName(String property) {
        String name = property.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (EMAIL_NAME.matcher(name).find()) {
            return "the name suggests an email address";
        }
        if (PERSON_NAME.matcher(name).find()) {
            return "the name suggests a person's name";
        }
        if (PHONE_NAME.matcher(name).find()) {
            return "the name suggests a phone number";
        }
        if (IP_NAME.matcher(name).find()) {
            return "the name suggests an IP address";
        }
        if (ADDRESS_NAME.matcher(name).find()) {
            return "the name suggests a postal address";
        }
        return null;
    }

    /** Why a sample of the property's (text) values looks like personal data, or null. */
    public static String byValues(List<String> sample) {
        if (sample.isEmpty()) {
            return null;
        }
        int emails = 0;
        int phones = 0;
        int ips = 0;
        for (String value : sample) {
            String v = value.strip();
            if (EMAIL.matcher(v).matches()) {
                emails++;
            } else if (IPV4.matcher(v).matches() || v.contains(":") && IPV6.matcher(v).matches()) {
                ips++;
            } else if (PHONE.matcher(v).matches() && digits(v) >= 7) {
                phones++;
            }
        }
        double n = sample.size();
        if (emails / n >= VALUE_SHARE) {
            return "values look like email addresses";
        }
        if (ips / n >= VALUE_SHARE) {
            return "values look like IP addresses";
        }
        if (phones / n >= VALUE_SHARE) {
            return "values look like phone numbers";
        }
        return null;
    }

    private static int digits(String value) {
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                count++;
            }
        }
        return count;
    }
}
