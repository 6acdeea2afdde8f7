package fr.spie.hub.generate;

import java.util.Locale;

/** The names and places synthetic people are drawn from: real French communes, fictitious people. */
final class SyntheticFrance {

    private SyntheticFrance() {
    }

    /** Ardèche communes, repeated roughly by population so that Annonay and Aubenas weigh more than Lamastre. */
    private static final Commune[] ARDECHE = {
        new Commune("07010", "07100", "ANNONAY"), new Commune("07010", "07100", "ANNONAY"),
        new Commune("07010", "07100", "ANNONAY"), new Commune("07019", "07200", "AUBENAS"),
        new Commune("07019", "07200", "AUBENAS"), new Commune("07019", "07200", "AUBENAS"),
        new Commune("07102", "07500", "GUILHERAND GRANGES"), new Commune("07102", "07500", "GUILHERAND GRANGES"),
        new Commune("07324", "07300", "TOURNON SUR RHONE"), new Commune("07324", "07300", "TOURNON SUR RHONE"),
        new Commune("07186", "07000", "PRIVAS"), new Commune("07186", "07000", "PRIVAS"),
        new Commune("07319", "07400", "LE TEIL"), new Commune("07319", "07400", "LE TEIL"),
        new Commune("07042", "07700", "BOURG ST ANDEOL"), new Commune("07281", "07130", "ST PERAY"),
        new Commune("07349", "07800", "LA VOULTE SUR RHONE"), new Commune("07331", "07600", "VALS LES BAINS"),
        new Commune("07346", "07220", "VIVIERS"), new Commune("07129", "07270", "LAMASTRE"),
        new Commune("07132", "07110", "LARGENTIERE"),
    };

    private static final BirthPlace[] ARDECHE_BIRTHS = {
        new BirthPlace("07", "186", "PRIVAS"), new BirthPlace("07", "019", "AUBENAS"),
        new BirthPlace("07", "010", "ANNONAY"), new BirthPlace("07", "010", "ANNONAY"),
        new BirthPlace("07", "324", "TOURNON-SUR-RHÔNE"), new BirthPlace("07", "319", "LE TEIL"),
        new BirthPlace("07", "102", "GUILHERAND-GRANGES"), new BirthPlace("07", "042", "BOURG-SAINT-ANDÉOL"),
    };

    static final BirthPlace[] FRANCE = {
        new BirthPlace("26", "362", "VALENCE"), new BirthPlace("26", "198", "MONTÉLIMAR"),
        new BirthPlace("26", "281", "ROMANS-SUR-ISÈRE"), new BirthPlace("69", "123", "LYON"),
        new BirthPlace("42", "218", "SAINT-ÉTIENNE"), new BirthPlace("38", "185", "GRENOBLE"),
        new BirthPlace("30", "189", "NÎMES"), new BirthPlace("13", "055", "MARSEILLE"),
        new BirthPlace("84", "007", "AVIGNON"), new BirthPlace("43", "157", "LE PUY-EN-VELAY"),
        new BirthPlace("63", "113", "CLERMONT-FERRAND"), new BirthPlace("34", "172", "MONTPELLIER"),
        new BirthPlace("75", "114", "PARIS 14E ARRONDISSEMENT"), new BirthPlace("59", "350", "LILLE"),
        new BirthPlace("31", "555", "TOULOUSE"), new BirthPlace("33", "063", "BORDEAUX"),
        new BirthPlace("67", "482", "STRASBOURG"), new BirthPlace("51", "108", "CHÂLONS-EN-CHAMPAGNE"),
        new BirthPlace("93", "050", "NEUILLY-SUR-MARNE"), new BirthPlace("07", "186", "PRIVAS"),
        new BirthPlace("07", "019", "AUBENAS"),
    };

    static final BirthPlace[] CORSICA = {
        new BirthPlace("2A", "004", "AJACCIO"), new BirthPlace("2B", "033", "BASTIA"),
    };

    /** Born abroad: département 99 and the INSEE country code. */
    static final BirthPlace[] ABROAD = {
        new BirthPlace("99", "352", "ALGER"), new BirthPlace("99", "352", "ORAN"),
        new BirthPlace("99", "350", "CASABLANCA"), new BirthPlace("99", "351", "TUNIS"),
        new BirthPlace("99", "139", "PORTO"), new BirthPlace("99", "127", "NAPLES"),
        new BirthPlace("99", "134", "MADRID"), new BirthPlace("99", "208", "ISTANBUL"),
        new BirthPlace("99", "341", "DAKAR"), new BirthPlace("99", "335", "BAMAKO"),
    };

    /** Uppercase with accents, as windows-1252 can carry them; some with apostrophes, spaces or hyphens. */
    static final String[] SURNAMES = {
        "LEFÈVRE", "FAURE", "ROUSSEL", "GIRAUD", "MOULIN", "BÉRARD", "CHAMBON", "DELORME", "FRANÇOIS", "MÉRIC",
        "BRUNEL", "COMBE", "VIDAL", "BOYER", "ARNAUD", "RIOU", "TEYSSIER", "CHABANNES", "DESCHAMPS", "GUÉRIN",
        "MÉNARD", "PÉRIER", "REYNAUD", "SOUBEYRAND", "FOURNIER", "MARTIN", "BERNARD", "DUBOIS", "GARNIER", "ROCHE",
        "CHAPUIS", "NOËL", "LEFÈBVRE-DUPRÉ", "BENALI", "HADDAD", "BOUZID", "MENDES", "DA SILVA", "PEREIRA",
        "YILMAZ", "TRAORÉ", "DIALLO", "N'DIAYE", "LE GOFF", "D'ALMEIDA", "CHÂTEAUNEUF", "ESCOFFIER", "VALLÈS",
        "BLACHÈRE", "SABATIER", "MAZET", "COURTIAL", "JOUVE", "LAFFONT", "THÉRON", "BOISSIÈRE", "AUBERT", "PLANTIER",
    };

    static final String[] FEMALE_FIRST_NAMES = {
        "ÉLODIE", "HÉLÈNE", "CÉLINE", "NADÈGE", "ANAÏS", "CHLOÉ", "LÉA", "MAËLLE", "NOÉMIE", "JOSÉPHINE",
        "FRANÇOISE", "SOPHIE", "AURÉLIE", "SÉVERINE", "ZOÉ", "INÈS", "FATIMA", "MARIE-CHRISTINE", "LOUISE",
        "CLÉMENCE", "GAËLLE", "MÉLANIE", "SANDRINE", "LAETITIA", "NATHALIE", "EMMA", "JADE", "YASMINE", "AÏCHA",
        "LOÏSE", "BÉATRICE", "ÈVE",
    };

    static final String[] MALE_FIRST_NAMES = {
        "FRANÇOIS", "JÉRÔME", "LOÏC", "RAPHAËL", "ANTOINE", "MATHÉO", "THÉO", "NOËL", "GRÉGORY", "CÉDRIC",
        "STÉPHANE", "JEAN-MARC", "MEHDI", "KARIM", "JOËL", "BENOÎT", "ÉTIENNE", "HERVÉ", "LUCAS", "NATHAN",
        "YANNICK", "JOSÉ", "SÉBASTIEN", "FRÉDÉRIC", "MAXIME", "KÉVIN", "ANDRÉ", "GAËTAN", "ISMAËL", "CLÉMENT",
    };

    static final String[] STREET_TYPES = {
        "RUE", "RUE", "RUE", "AVENUE", "CHEMIN", "PLACE", "BOULEVARD", "IMPASSE", "ROUTE", "QUAI", "ALLEE", "MONTEE",
    };

    static final String[] STREET_NAMES = {
        "DES ÉCOLES", "JEAN JAURÈS", "DU 8 MAI 1945", "PASTEUR", "VICTOR HUGO", "DE LA RÉPUBLIQUE", "DES PRÉS",
        "DU MOULIN", "GAMBETTA", "DU VIVARAIS", "DES CÉVENNES", "BOISSY D'ANGLAS", "MARC SEGUIN", "DE L'HÔTEL DE VILLE",
        "DU CHÂTEAU", "DES FRÈRES MONTGOLFIER", "DE LA GARE", "DU RHÔNE", "SAINT-EXUPÉRY", "DES MÛRIERS",
        "DU GÉNÉRAL DE GAULLE", "PIERRE SÉMARD", "DE L'ÉGLISE", "DES CHÊNES VERTS",
    };

    static final String[] ADDRESS_DETAILS = {
        "APPARTEMENT 12", "APPT 3", "BÂTIMENT B", "ESCALIER 2 ÉTAGE 3", "CHEZ M. FAURE", "APPT 104",
    };

    static final String[] BUILDINGS = {
        "RÉSIDENCE LES TILLEULS", "RÉSIDENCE DU PARC", "LE CLOS FLEURI", "HLM LES CÈDRES", "LES TERRASSES DU RHÔNE",
    };

    static final String[] LOCALITIES = {
        "LE PLANTIER", "LA BÂTIE", "LES ÉCHELETTES", "LE MAS NEUF", "QUARTIER SAINT-ANDRÉ",
    };

    private static final String[] GENERIC_COMMUNES = {
        "SAINT-MARTIN", "VILLENEUVE", "BEAUMONT", "MONTAGNY", "LA CHAPELLE", "SAINT-JULIEN", "FONTAINE", "BELLEVUE",
    };

    /** Where households of a département live: real communes for Ardèche, plausible synthetic ones elsewhere. */
    static Commune[] communesOf(String departement) {
        if (departement.equals("007")) {
            return ARDECHE;
        }
        // départements without a table get synthetic communes with codes of the right shape
        String prefix = departement.startsWith("97") ? departement : departement.substring(1);
        String postal = prefix.startsWith("2A") || prefix.startsWith("2B") ? "20" : prefix;
        Commune[] communes = new Commune[GENERIC_COMMUNES.length];
        for (int i = 0; i < communes.length; i++) {
            String number = String.format(Locale.ROOT, "%0" + (5 - prefix.length()) + "d", (i * 37 + 11) % (prefix.length() == 3
                    ? 100 : 1000));
            String postalNumber = String.format(Locale.ROOT, "%0" + (5 - postal.length()) + "d", (i * 100) % (postal.length() == 3
                    ? 100 : 1000));
            communes[i] = new Commune(prefix + number, postal + postalNumber, GENERIC_COMMUNES[i].replace('-', ' '));
        }
        return communes;
    }

    /** Local births: the Ardèche maternity towns for Ardèche, none (so national places) elsewhere. */
    static BirthPlace[] birthPlacesOf(String departement) {
        return departement.equals("007") ? ARDECHE_BIRTHS : new BirthPlace[0];
    }
}
