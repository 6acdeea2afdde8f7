package fr.spie.hub.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A synthetic France Travail "extract SPIE principal" written as France Travail writes it: {@code ;}-separated, the
 * columns of {@code pe_extract_principal.csv}, {@code NULL} for an empty cell, timestamps {@code yyyy-MM-dd
 * HH:mm:ss.S}, every row an RSA recipient ({@code brsa = O}: the SPIE's extract). Fictitious people, reproducible from
 * the seed; streamed to the file row by row, so any size fits in a small heap.
 */
public final class FranceTravailExtractGenerator {

    /** The columns of the real extract, in its order. */
    public static final String HEADER = "identifiant_unique_de;civilite;nom;prenom;lieu_naissance;code_lieu_naissance;"
            + "date_naissance;adresse_ligne2;adresse_ligne3;adresse_ligne4;adresse_ligne5;adresse_ligne6;departement;"
            + "dr;rome_1;appelation_rome_1;rome_2;appelation_rome_2;mrech.axetravailprincipal;"
            + "mrech.axetravailsecondaire;der_entretien_ppae;der_entretien;inscription;code_motif_inscription;"
            + "motif_inscription;categorie_inscription;struct_principale;referent_civilite;referent_nom;"
            + "referent_prenom;referent_mail;code_safir;modalite_accompagnement;struct_suivi;suivi_debut;suivi_fin_prev;"
            + "dif_financiere;dif_admin_jur;dif_sante;dif_logement;dif_transport;dif_inser_com;dif_familiale;brsa";

    private static final String[][] JOBS = {
            {"A1101", "Conducteur / Conductrice d'engins d'exploitation agricole"},
            {"K2204", "Agent / Agente de nettoyage en collectivité"},
            {"N1103", "Magasinier / Magasinière"},
            {"G1602", "Commis / Commise de cuisine"},
            {"J1501", "Aide-soignant / Aide-soignante"},
            {"D1106", "Vendeur / Vendeuse en alimentation générale"},
            {"F1703", "Maçon / Maçonne"},
            {"K1304", "Aide à domicile"}};
    private static final String[] MODES = {"GUIDE", "GUIDE", "RENFORCE", "RENFORCE", "GLOBAL", "SUIVI"};
    private static final String[][] REASONS = {{"14", "FIN DE CDD OU DE CONTRAT AIDE"}, {"11", "LICENCIEMENT ECONOMIQUE"},
            {"24", "PREMIERE ENTREE"}, {"21", "REPRISE D'ACTIVITE APRES INTERRUPTION"}};
    private static final String[] AGENCIES = {"PRIVAS", "AUBENAS", "ANNONAY", "TOURNON", "LE TEIL", "GUILHERAND"};

    private final Random random;

    public FranceTravailExtractGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Writes a header and {@code rows} job seekers to {@code file} (UTF-8, LF). */
    public void write(Path file, int rows) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (int i = 0; i < rows; i++) {
                out.write(row());
                out.write('\n');
            }
        }
    }

    private String row() {
        boolean woman = random.nextBoolean();
        LocalDate birth = LocalDate.of(1960 + random.nextInt(45), 1 + random.nextInt(12), 1 + random.nextInt(28));
        LocalDate registered = LocalDate.of(2018 + random.nextInt(6), 1 + random.nextInt(12), 1 + random.nextInt(28));
        String[] job = pick(JOBS);
        String[] second = random.nextInt(3) == 0 ? null : pick(JOBS);
        String[] reason = pick(REASONS);
        String agency = pick(AGENCIES);
        boolean followed = random.nextInt(10) < 8;
        String[] cells = {
                new UUID(random.nextLong(), random.nextLong()).toString(),
                woman ? "MME" : "M.",
                pick(SyntheticFrance.SURNAMES).toUpperCase(Locale.ROOT),
                pick(woman ? SyntheticFrance.FEMALE_FIRST_NAMES : SyntheticFrance.MALE_FIRST_NAMES).toUpperCase(Locale.ROOT),
                "LIEU NAISSANCE", "07" + String.format(Locale.ROOT, "%03d", 1 + random.nextInt(340)),
                timestamp(birth),
                null, null, null, null, "07" + String.format(Locale.ROOT, "%03d", random.nextInt(1000)) + " " + agency,
                "07", "084",
                job[0], job[1], second == null ? null : second[0], second == null ? null : second[1],
                "ADAPT MARCHE TRAVAIL", null,
                timestamp(registered.plusMonths(2)), timestamp(registered.plusMonths(5)), timestamp(registered),
                reason[0], reason[1], String.valueOf(1 + random.nextInt(3)), agency,
                followed ? (random.nextBoolean() ? "Mme" : "M.") : null, followed ? "REFERENT" : null,
                followed ? "Conseiller" : null, followed ? "conseil.fictif@francetravail.example" : null,
                "07" + String.format(Locale.ROOT, "%03d", random.nextInt(100)), followed ? pick(MODES) : null,
                followed ? agency : null, followed ? timestamp(registered.plusMonths(1)) : null,
                followed ? timestamp(registered.plusMonths(13)) : null,
                flag(), flag(), flag(), flag(), flag(), flag(), flag(),
                "O"};
        StringBuilder line = new StringBuilder(512);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(';');
            }
            // France Travail writes NULL, never an empty cell
            line.append(cells[i] == null ? "NULL" : cells[i]);
        }
        return line.toString();
    }

    /** The extract's dif_* flags: mostly NULL (not assessed), else OUI or NON. */
    private String flag() {
        int draw = random.nextInt(10);
        return draw < 6 ? null : draw < 8 ? "OUI" : "NON";
    }

    private static String timestamp(LocalDate date) {
        return date + " 00:00:00.0";
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
