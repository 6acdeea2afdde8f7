package fr.spie.hub.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a synthetic CAF/MSA "flux RSA bénéficiaires" (vrsb0801) of N households, valid against
 * {@code schemas/caf/vrsb0801.xsd}, element order mirroring the carnet-de-bord specimen {@code RSABEM.xml}.
 *
 * <p>Streams in windows-1252 like the real files (one household at a time, never the whole flux in memory) and is
 * deterministic: the same seed, département, reference month and count give the same bytes. The people are fictitious;
 * their NIRs (13 characters, no key, as the CAF sends them) agree with their sex and birth date and are unique in a flux.
 */
public final class CafFluxGenerator {

    /** Ardèche, the SPIE pilot's département. */
    public static final String DEFAULT_DEPARTEMENT = "007";
    /** A fixed default (not the clock) so that a seed alone reproduces a file. */
    public static final YearMonth DEFAULT_REFERENCE_MONTH = YearMonth.of(2025, 9);
    /** The CAF's files are in windows-1252, not UTF-8. */
    public static final Charset CHARSET = Charset.forName("windows-1252");

    private static final Pattern DEPARTEMENT = Pattern.compile("\\d{2,3}|0?2[AB]");

    private final long seed;
    private final String departement;
    private final YearMonth referenceMonth;

    /**
     * @param seed           the same seed gives the same file
     * @param departement    IDEPARTE: "007", "07", "974", "2A"... (normalised to 3 characters)
     * @param referenceMonth the month the flux reports on (DTREF is its last day)
     */
    public CafFluxGenerator(long seed, String departement, YearMonth referenceMonth) {
        this.seed = seed;
        this.departement = normaliseDepartement(departement);
        this.referenceMonth = Objects.requireNonNull(referenceMonth, "referenceMonth");
    }

    public CafFluxGenerator(long seed, String departement) {
        this(seed, departement, DEFAULT_REFERENCE_MONTH);
    }

    /** Normalises to the flux's 3-character IDEPARTE ("07" → "007", "2A" → "02A"); rejects anything else. */
    public static String normaliseDepartement(String departement) {
        String code = departement == null ? "" : departement.trim().toUpperCase(Locale.ROOT);
        if (!DEPARTEMENT.matcher(code).matches() || code.equals("00") || code.equals("000") || code.equals("20")
                || code.equals("020")) {
            throw new IllegalArgumentException("département must be a code like 007, 07, 974 or 2A, got '"
                    + departement + "'");
        }
        return code.length() == 3 ? code : "0" + code;
    }

    /** The IDEPARTE written in every household, 3 characters. */
    public String departement() {
        return departement;
    }

    /**
     * Writes the whole flux (header, households, trailer) to {@code out}, which is flushed but left open.
     *
     * @param households number of InfosFoyerRSA, announced in the trailer's NBTOTDOSRSATRANSM
     */
    public void write(int households, OutputStream out) throws IOException, XMLStreamException {
        if (households < 0) {
            throw new IllegalArgumentException("households must be 0 or more, got " + households);
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        // The JDK's own writer, whatever StAX implementation the classpath brings (CXF brings Woodstox, which writes
        // the XML declaration with single quotes; the CAF's files use double quotes, as this generator must).
        XMLStreamWriter stax = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(buffered, CHARSET.name());
        new Run(new IndentingXmlWriter(stax)).write(households);
        stax.flush();
        stax.close();
        buffered.flush();
    }

    /** One generation: its own random sequence and NIR register, so that two calls give the same bytes. */
    private final class Run {

        private final IndentingXmlWriter xml;
        private final SplittableRandom random = new SplittableRandom(seed);
        private final LocalDate referenceDate = referenceMonth.atEndOfMonth();
        private final Commune[] communes = SyntheticFrance.communesOf(departement);
        private final NirRegister nirs = new NirRegister();

        Run(IndentingXmlWriter xml) {
            this.xml = xml;
        }

        void write(int households) throws XMLStreamException {
            XMLStreamWriter stax = xml.stax();
            stax.writeStartDocument(CHARSET.name(), "1.0");
            xml.openRoot("Racine", "vrsb0801.xsd");
            xml.open("IdentificationFlux");
            identificationFlux();
            for (int i = 0; i < households; i++) {
                household();
            }
            xml.open("TransmissionFlux");
            // zero-padded to 8 digits like the specimen
            xml.leaf("NBTOTDOSRSATRANSM", String.format(Locale.ROOT, "%08d", households));
            xml.leaf("NBTOTDOSRSATRANSMANO", "00000000");
            xml.close();
            xml.close(); // Racine
            stax.writeCharacters("\n");
            stax.writeEndDocument();
        }

        private void identificationFlux() throws XMLStreamException {
            xml.leaf("APPLIEME", "CRI");
            xml.leaf("NUMVERSIONAPPLIEME", "6200");
            xml.leaf("TYPEFLUX", "M");
            xml.leaf("NATFLUX", "D");
            xml.leaf("DTCREAFLUX", referenceDate.plusDays(3 + random.nextInt(5)).toString());
            xml.leaf("HEUCREAFLUX", String.format(Locale.ROOT, "%02d:%02d:%02d.0000",
                    random.nextInt(6), random.nextInt(60), random.nextInt(60)));
            xml.leaf("DTREF", referenceDate.toString());
            xml.close();
        }

        // ---------------------------------------------------------------- household

        private void household() throws XMLStreamException {
            boolean msa = random.nextInt(100) < 8;
            int adults = random.nextInt(100) < 28 ? 2 : 1;
            int children = Math.min(6 - adults, pickChildren(adults));
            LocalDate demande = referenceDate.minusDays(30 + random.nextInt(365 * 9));
            int etat = pick(new int[] {4, 3, 68, 4, 7, 8, 6}); // ETATDOSRSA 0..6, mostly 2 (droit ouvert et versable)

            List<Person> people = members(adults, children, demande);

            xml.open("InfosFoyerRSA");
            xml.open("IdentificationRSA");
            xml.open("Organisme");
            xml.leaf("FONORG", msa ? "MSA" : "CAF");
            xml.leaf("NUMORG", organismeNumber(msa));
            // the allocataire number followed by eight zeros, as in the specimen
            xml.leaf("MATRICULE", digits(7) + "00000000");
            xml.close();
            xml.open("Partenaire");
            xml.leaf("TYPEPARTE", "CG "); // the CAF pads TYPEPARTE with spaces
            xml.leaf("IDEPARTE", departement);
            xml.close();
            xml.open("DemandeRSA");
            xml.leaf("DTDEMRSA", demande.toString());
            xml.leaf("NUMDEMRSA", digits(8) + departement);
            xml.close();
            xml.close(); // IdentificationRSA

            boolean droitsEtDevoirs = false;
            double monthlyResources = 0;
            for (Person person : people) {
                PersonFacts facts = personne(person, msa, demande);
                droitsEtDevoirs |= facts.droitsEtDevoirs;
                monthlyResources += facts.monthlyResources;
            }
            donneesAdministratives(people, msa);
            prestationRsa(etat, adults, children, demande, droitsEtDevoirs, monthlyResources);
            xml.close(); // InfosFoyerRSA
        }

        private int pickChildren(int adults) {
            return adults == 1
                    ? pick(new int[] {56, 18, 14, 8, 3, 1})
                    : pick(new int[] {30, 22, 25, 14, 9});
        }

        private List<Person> members(int adults, int children, LocalDate demande) {
            List<Person> people = new ArrayList<>(adults + children);
            boolean singleParent = adults == 1 && children > 0;
            char demSex = singleParent ? (random.nextInt(100) < 85 ? '2' : '1') : (random.nextBoolean() ? '1' : '2');
            int minAge = children > 0 ? 19 : 25; // under 25 the RSA needs a child (or a rare "RSA jeune")
            LocalDate demBirth = birthDate(minAge, 64);
            String familyName = pickOne(SyntheticFrance.SURNAMES);
            Person dem = adult("DEM", demSex, familyName, familyName, demBirth);
            people.add(dem);
            Person father = demSex == '1' ? dem : null;
            Person mother = demSex == '2' ? dem : null;
            if (adults == 2) {
                char cjtSex = random.nextInt(100) < 96 ? (demSex == '1' ? '2' : '1') : demSex;
                LocalDate cjtBirth = clamp(demBirth.plusDays(random.nextInt(365 * 12) - 365 * 6), 19, 70);
                // a wife often carries her husband's name and keeps her own as NOMNAI
                String birthName = pickOne(SyntheticFrance.SURNAMES);
                String usedName = cjtSex == '2' && demSex == '1' && random.nextInt(100) < 60 ? familyName : birthName;
                Person cjt = adult("CJT", cjtSex, usedName, birthName, cjtBirth);
                people.add(cjt);
                if (cjtSex == '2' && mother == null) {
                    mother = cjt;
                }
            }
            LocalDate youngestParent = mother != null ? mother.birthDate : demBirth;
            for (int i = 0; i < children; i++) {
                people.add(child(familyName, youngestParent));
            }
            return people;
        }

        private Person adult(String role, char sex, String name, String birthName, LocalDate birthDate) {
            BirthPlace place = adultBirthPlace(birthDate);
            String firstName = pickOne(sex == '1' ? SyntheticFrance.MALE_FIRST_NAMES : SyntheticFrance.FEMALE_FIRST_NAMES);
            return new Person(role, sex, name, birthName, firstName, secondFirstName(sex), place, birthDate,
                    nirs.issue(sex, birthDate, place, random));
        }

        private Person child(String familyName, LocalDate parentBirth) {
            char sex = random.nextBoolean() ? '1' : '2';
            LocalDate earliest = parentBirth.plusYears(18);
            LocalDate latest = referenceDate.minusDays(10);
            LocalDate floor = referenceDate.minusYears(20).plusDays(1); // a child counts until 20
            LocalDate from = earliest.isAfter(floor) ? earliest : floor;
            if (from.isAfter(latest)) {
                from = latest.minusDays(1);
            }
            long span = latest.toEpochDay() - from.toEpochDay();
            LocalDate birth = LocalDate.ofEpochDay(from.toEpochDay() + (span <= 0 ? 0 : random.nextLong(span)));
            BirthPlace place = random.nextInt(100) < 80 ? localBirthPlace() : pickOne(SyntheticFrance.FRANCE);
            String firstName = pickOne(sex == '1' ? SyntheticFrance.MALE_FIRST_NAMES : SyntheticFrance.FEMALE_FIRST_NAMES);
            return new Person("ENF", sex, familyName, familyName, firstName, null, place, birth,
                    nirs.issue(sex, birth, place, random));
        }

        private String secondFirstName(char sex) {
            if (random.nextInt(100) >= 35) {
                return null;
            }
            String name = pickOne(sex == '1' ? SyntheticFrance.MALE_FIRST_NAMES : SyntheticFrance.FEMALE_FIRST_NAMES);
            return name.length() <= 15 ? name : null; // PRENOM2 is limited to 15 characters
        }

        private BirthPlace adultBirthPlace(LocalDate birthDate) {
            int draw = random.nextInt(100);
            if (draw < 45) {
                return localBirthPlace();
            }
            if (draw < 85) {
                return pickOne(SyntheticFrance.FRANCE);
            }
            if (draw < 87) {
                BirthPlace corsica = pickOne(SyntheticFrance.CORSICA);
                // Corsica was département 20 until the 1976 split into 2A and 2B
                return birthDate.getYear() < 1976 ? corsica.beforeSplit() : corsica;
            }
            return pickOne(SyntheticFrance.ABROAD);
        }

        private BirthPlace localBirthPlace() {
            BirthPlace[] local = SyntheticFrance.birthPlacesOf(departement);
            return pickOne(local.length > 0 ? local : SyntheticFrance.FRANCE);
        }

        private String organismeNumber(boolean msa) {
            // CAF numbers follow the département (521 for Haute-Marne in the specimen); the MSA one is synthetic
            String dept = departement.startsWith("0") ? departement.substring(1) : departement.substring(0, 2);
            return dept + (msa ? "2" : "1");
        }

        // ---------------------------------------------------------------- Personne

        private PersonFacts personne(Person person, boolean msa, LocalDate demande) throws XMLStreamException {
            boolean adult = !person.role.equals("ENF");
            xml.open("Personne");
            xml.open("Identification");
            if (adult) {
                xml.leaf("QUAL", person.sex == '1' ? "MR" : "MME");
            }
            xml.leaf("NOM", person.name);
            xml.leaf("NOMNAI", person.birthName);
            xml.leaf("PRENOM", person.firstName);
            if (person.secondFirstName != null) {
                xml.leaf("PRENOM2", person.secondFirstName);
            }
            xml.leaf("NOMCOMNAI", person.birthPlace.name());
            xml.leaf("DTNAI", person.birthDate.toString());
            xml.leaf("TYPEDTNAI", "N");
            xml.leaf("NIR", person.nir);
            xml.leaf("TOPVALIEC", random.nextInt(100) < 93 ? "1" : "0");
            xml.leaf("SEXE", String.valueOf(person.sex));
            xml.close();

            xml.open("DossierCAF");
            xml.leaf("TOPRESPDOS", person.role.equals("DEM") ? "1" : "0");
            LocalDate attached = demande.minusDays(random.nextInt(365 * 6));
            xml.leaf("DDRATDOS", (attached.isBefore(person.birthDate) ? person.birthDate : attached).toString());
            xml.close();

            // always two Prestations: family benefits (PFA) then RSA
            prestations("PFA", person.role, adult ? "0" : "1");
            prestations("RSA", person.role, "1");

            if (!adult) {
                xml.close();
                return new PersonFacts(false, 0);
            }
            if (random.nextInt(100) < 55) {
                xml.open("DossierPoleEmploi");
                xml.leaf("IDASSEDIC", digits(7) + (char) ('A' + random.nextInt(26)));
                xml.close();
            }
            double monthly = ressources(msa);
            boolean droitsEtDevoirs = random.nextInt(100) < 85;
            xml.open("MontantCalculDroitRSAPersonne");
            xml.leaf("TOPPERSDRODEVORSA", droitsEtDevoirs ? "1" : "0");
            xml.close();
            activites(person, msa);
            xml.close(); // Personne
            return new PersonFacts(droitsEtDevoirs, monthly);
        }

        private void prestations(String nature, String role, String aCharge) throws XMLStreamException {
            xml.open("Prestations");
            xml.leaf("NATPREST", nature);
            xml.leaf("ROLEPERS", role);
            xml.leaf("TOPCHAPERS", aCharge);
            xml.close();
        }

        /** The quarter of the last "déclaration trimestrielle": months −6 to −4, like the specimen. */
        private double ressources(boolean msa) throws XMLStreamException {
            YearMonth first = referenceMonth.minusMonths(6);
            boolean none = random.nextInt(100) < 18;
            xml.open("Ressources");
            xml.open("GeneraliteRessourcesTrimestre");
            xml.leaf("TOPRESSNUL", none ? "1" : "0");
            xml.leaf("DDRESS", first.atDay(1).toString());
            xml.leaf("DFRESS", first.plusMonths(2).atEndOfMonth().toString());
            xml.close();
            double total = 0;
            if (!none) {
                // the natures seen in the specimen: 001 (activity income), 010, 044; each person has its own mix
                boolean salary = random.nextInt(100) < 55;
                boolean small = random.nextInt(100) < 60;
                boolean other = random.nextInt(100) < 25;
                if (!salary && !small && !other) {
                    small = true;
                }
                int hours = salary ? 20 + random.nextInt(120) : 0;
                for (int m = 0; m < 3; m++) {
                    xml.open("RessourcesMensuelles");
                    xml.open("GeneraliteRessourcesMensuelles");
                    xml.leaf("MOISRESS", first.plusMonths(m).atDay(1).toString());
                    int monthHours = salary ? Math.max(0, hours + random.nextInt(41) - 20) : 0;
                    xml.leaf("NBHEUMENTRA", String.format(Locale.ROOT, "%03d", monthHours));
                    xml.close();
                    if (salary) {
                        long cents = Math.round(monthHours * (11.88 + random.nextInt(300) / 100.0)) * 100;
                        total += detail("001", cents);
                    }
                    if (small) {
                        total += detail("010", random.nextInt(100) < 30 ? 0 : (20 + random.nextInt(130)) * 100L);
                    }
                    if (other) {
                        total += detail("044", random.nextInt(100) < 50 ? 0 : (50 + random.nextInt(900)) * 100L);
                    }
                    xml.close();
                }
            }
            xml.close(); // Ressources
            return total / 3;
        }

        private double detail(String nature, long cents) throws XMLStreamException {
            xml.open("DetailRessourcesMensuelles");
            xml.leaf("NATRESS", nature);
            xml.leaf("MTNATRESSMEN", money(cents));
            xml.close();
            return cents / 100.0;
        }

        private void activites(Person person, boolean msa) throws XMLStreamException {
            String regime = msa ? "AG" : "GE";
            LocalDate end = referenceDate;
            int age = person.birthDate.until(referenceDate).getYears();
            String current = pickActivity(msa, age);
            if (random.nextInt(100) < 45) {
                // a job that ended, then the current situation: the specimen's pattern
                LocalDate start = end.minusDays(40 + random.nextInt(300));
                LocalDate stop = start.plusDays(20 + random.nextInt(Math.max(1, (int) (end.toEpochDay()
                        - start.toEpochDay()) - 25)));
                xml.open("Activite");
                xml.leaf("REG", regime);
                xml.leaf("ACT", msa && random.nextBoolean() ? "EXP" : "SAL");
                xml.leaf("DDACT", start.toString());
                xml.leaf("DFACT", stop.toString());
                xml.close();
                xml.open("Activite");
                xml.leaf("REG", regime);
                xml.leaf("ACT", current);
                xml.leaf("DDACT", stop.plusDays(1).toString());
                xml.close();
            } else {
                xml.open("Activite");
                xml.leaf("REG", regime);
                xml.leaf("ACT", current);
                xml.leaf("DDACT", end.minusDays(30 + random.nextInt(900)).toString());
                xml.close();
            }
        }

        private String pickActivity(boolean msa, int age) {
            if (msa && random.nextInt(100) < 50) {
                return random.nextBoolean() ? "EXP" : "SAL";
            }
            if (age < 26 && random.nextInt(100) < 15) {
                return "ETU";
            }
            return switch (pick(new int[] {58, 22, 10, 10})) {
                case 0 -> "CHO";
                case 1 -> "SAL";
                case 2 -> "ETI";
                default -> "MAL";
            };
        }

        // ---------------------------------------------------------------- DonneesAdministratives

        private void donneesAdministratives(List<Person> people, boolean msa) throws XMLStreamException {
            Person dem = people.get(0);
            boolean couple = people.size() > 1 && !people.get(1).role.equals("ENF");
            String sitfam = couple ? pickOne(new String[] {"MAR", "MAR", "VIM", "VIM", "VIM", "PAC"})
                    : pickOne(new String[] {"CEL", "CEL", "CEL", "CEL", "DIV", "DIV", "SEP", "SEP", "VEU", "ISO"});
            LocalDate adulthood = dem.birthDate.plusYears(18);
            long span = Math.max(1, referenceDate.toEpochDay() - adulthood.toEpochDay());
            xml.open("DonneesAdministratives");
            xml.open("SituationFamille");
            xml.leaf("SITFAM", sitfam);
            xml.leaf("DDSITFAM", LocalDate.ofEpochDay(adulthood.toEpochDay() + random.nextLong(span)).toString());
            if (msa) {
                xml.leaf("REGAGRIFAM", "SA");
            }
            xml.close();

            Commune commune = communes[random.nextInt(communes.length)];
            xml.open("Adresse");
            xml.open("TroncCommunAdresse");
            xml.leaf("RGADR", "01");
            xml.leaf("DTEMM", referenceDate.minusDays(20 + random.nextInt(365 * 12)).toString());
            xml.leaf("PAYS", "FRA");
            xml.leaf("TYPEADR", "D");
            xml.leaf("ETATADR", "CO");
            xml.close();
            xml.open("AdresseDetailleeFrance");
            optional("COMPLIDEADR", 20, SyntheticFrance.ADDRESS_DETAILS);
            optional("COMPLADR", 15, SyntheticFrance.BUILDINGS);
            xml.leaf("NUMVOIE", String.valueOf(1 + random.nextInt(random.nextInt(100) < 80 ? 60 : 400)));
            xml.leaf("LIBTYPEVOIE", pickOne(SyntheticFrance.STREET_TYPES));
            xml.leaf("NOMVOIE", pickOne(SyntheticFrance.STREET_NAMES));
            optional("LIEUDIST", 8, SyntheticFrance.LOCALITIES);
            xml.leaf("NUMCOM", commune.insee());
            xml.leaf("CODEPOS", commune.postalCode());
            xml.leaf("NOMCOM", commune.name());
            xml.close();
            xml.close(); // Adresse
            xml.close(); // DonneesAdministratives
        }

        /** Present but empty most of the time, as in the specimen. */
        private void optional(String element, int percent, String[] values) throws XMLStreamException {
            if (random.nextInt(100) < percent) {
                xml.leaf(element, pickOne(values));
            } else {
                xml.empty(element);
            }
        }

        // ---------------------------------------------------------------- PrestationRSA

        private void prestationRsa(int etat, int adults, int children, LocalDate demande, boolean droitsEtDevoirs,
                double monthlyResources) throws XMLStreamException {
            xml.open("PrestationRSA");
            xml.open("SituationDossierRSA");
            xml.open("EtatDossierRSA");
            xml.leaf("ETATDOSRSA", String.valueOf(etat));
            xml.close();
            LocalDate monthStart = referenceMonth.atDay(1);
            if (etat == 4) {
                xml.open("SuspensionVersement");
                // 06 (as in the specimen) most often
                xml.leaf("MOTISUSVERSRSA", pickOne(new String[] {"06", "06", "06", "01", "02", "03", "04", "05", "09"}));
                xml.leaf("DDSUSVERSRSA", monthStart.minusMonths(random.nextInt(3)).toString());
                xml.close();
            } else if (etat == 5 || etat == 6) {
                xml.open(etat == 5 ? "FinDroit" : "FinDroitMoisAnterieur");
                xml.leaf("MOTICLORSA", pickOne(new String[] {"PCG", "PCG", "ECH", "MUT"}));
                LocalDate closed = etat == 5 ? referenceMonth.minusMonths(1).atEndOfMonth()
                        : referenceMonth.minusMonths(2 + random.nextInt(4)).atEndOfMonth();
                xml.leaf("DTCLORSA", closed.toString());
                xml.close();
            }
            xml.close(); // SituationDossierRSA

            xml.open("DetailDroitRSA");
            xml.open("TroncCommunDroitRSA");
            xml.leaf("TOPSANSDOMFIXE", random.nextInt(100) < 3 ? "1" : "0");
            if (children > 0) {
                xml.leaf("NBENFAUTCHA", String.valueOf(children));
            }
            xml.leaf("ORIDEMRSA", "DEM");
            xml.leaf("DTORIDEMRSA", demande.toString());
            xml.leaf("TOPFOYDRODEVORSA", droitsEtDevoirs ? "1" : "0");
            xml.close();
            if (etat >= 2 && etat <= 4) {
                montants(adults, children, monthlyResources, monthStart);
            }
            xml.close(); // DetailDroitRSA
            xml.close(); // PrestationRSA
        }

        /** The RSA computation, roughly: the 2025 lump sum for the household minus resources and housing. */
        private void montants(int adults, int children, double resources, LocalDate monthStart)
                throws XMLStreamException {
            int persons = adults + children;
            // 646.52 € for one person; +50 % for the second, +30 % for the third and fourth, +40 % beyond
            double factor = 1 + (persons >= 2 ? 0.5 : 0) + Math.min(2, Math.max(0, persons - 2)) * 0.3
                    + Math.max(0, persons - 4) * 0.4;
            long lumpSum = Math.round(646.52 * factor * 100);
            long housing = Math.round((persons == 1 ? 77.58 : persons == 2 ? 155.16 : 192.01) * 100);
            long resourcesCents = Math.round(resources * 100);
            long due = Math.max(0, lumpSum - housing - resourcesCents);
            xml.open("MontantsCalculDroitRSA");
            xml.leaf("DDELECAL", monthStart.toString());
            xml.leaf("MTREVMINIGARARSA", money(lumpSum));
            xml.leaf("MTLOCALRSA", money(housing));
            xml.leaf("MTREVGARARSA", money(lumpSum));
            xml.leaf("MTRESSMENRSA", money(resourcesCents));
            xml.leaf("MTTOTDRORSA", money(due));
            xml.close();
            xml.open("DetailCalculDroitRSA");
            xml.leaf("NATPF", "RSD");
            xml.leaf("SOUSNATPF", "RSDN1");
            xml.leaf("DDNATDRO", monthStart.toString());
            xml.leaf("MTRSAVERS", money(due));
            xml.leaf("DTDERRSAVERS", monthStart.plusDays(4).toString());
            xml.close();
        }

        // ---------------------------------------------------------------- random helpers

        private LocalDate birthDate(int minAge, int maxAge) {
            LocalDate youngest = referenceDate.minusYears(minAge);
            LocalDate oldest = referenceDate.minusYears(maxAge + 1L).plusDays(1);
            return LocalDate.ofEpochDay(oldest.toEpochDay()
                    + random.nextLong(youngest.toEpochDay() - oldest.toEpochDay()));
        }

        private LocalDate clamp(LocalDate birth, int minAge, int maxAge) {
            LocalDate youngest = referenceDate.minusYears(minAge);
            LocalDate oldest = referenceDate.minusYears(maxAge);
            return birth.isAfter(youngest) ? youngest : birth.isBefore(oldest) ? oldest : birth;
        }

        private int pick(int[] weights) {
            int total = 0;
            for (int w : weights) {
                total += w;
            }
            int draw = random.nextInt(total);
            for (int i = 0; i < weights.length; i++) {
                draw -= weights[i];
                if (draw < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }

        private <T> T pickOne(T[] values) {
            return values[random.nextInt(values.length)];
        }

        private String digits(int count) {
            char[] chars = new char[count];
            chars[0] = (char) ('1' + random.nextInt(9));
            for (int i = 1; i < count; i++) {
                chars[i] = (char) ('0' + random.nextInt(10));
            }
            return new String(chars);
        }
    }

    /** Amounts as the CAF writes them: 7 integer digits zero-padded, 2 decimals ("0001675.00"). */
    static String money(long cents) {
        String euros = Long.toString(cents / 100);
        StringBuilder out = new StringBuilder(10);
        for (int i = euros.length(); i < 7; i++) {
            out.append('0');
        }
        long rest = cents % 100;
        return out.append(euros).append('.').append(rest < 10 ? "0" : "").append(rest).toString();
    }

    /** Hands out NIRs that match sex and birth date and never repeat within a flux (up to 999 per birth cell). */
    private static final class NirRegister {

        // 389 is coprime with 999, so stepping by it visits every order number once
        private static final int STRIDE = 389;
        private final Map<String, int[]> cells = new HashMap<>();

        String issue(char sex, LocalDate birthDate, BirthPlace place, SplittableRandom random) {
            String cell = sex + twoDigits(birthDate.getYear() % 100) + twoDigits(birthDate.getMonthValue())
                    + place.departement() + place.commune();
            int[] state = cells.computeIfAbsent(cell, k -> new int[] {random.nextInt(999), 0});
            int order = (state[0] + state[1]++ * STRIDE) % 999 + 1;
            return cell + String.format(Locale.ROOT, "%03d", order);
        }

        private static String twoDigits(int value) {
            return value < 10 ? "0" + value : Integer.toString(value);
        }
    }

    private record Person(String role, char sex, String name, String birthName, String firstName,
            String secondFirstName, BirthPlace birthPlace, LocalDate birthDate, String nir) {
    }

    private record PersonFacts(boolean droitsEtDevoirs, double monthlyResources) {
    }
}
