package fr.spie.hub.generate;

/** A commune of residence as the CAF writes it in an address: INSEE code, postal code, La Poste name. */
record Commune(String insee, String postalCode, String name) {
}
