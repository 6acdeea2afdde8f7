package fr.spie.hub.generate;

/**
 * A place of birth as the NIR encodes it: département (2 characters, "99" abroad) and commune (3 digits, the country
 * code abroad), with the name written in NOMCOMNAI.
 */
record BirthPlace(String departement, String commune, String name) {

    /** Corsica was one département, 20, for people born before 1976. */
    BirthPlace beforeSplit() {
        return departement.startsWith("2") && !Character.isDigit(departement.charAt(1))
                ? new BirthPlace("20", commune, name) : this;
    }
}
