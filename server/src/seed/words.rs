//! Static word lists for the seed generator (`generate/`): names from many cultures, countries
//! with their cities, streets, postcode shapes and valid telephone ranges, company-name parts and
//! the sentence fragments that work item titles, descriptions, emails, notes, calls, SMS and chat
//! messages are assembled from.
//!
//! Mini-languages used below:
//! - Postcode templates: `#` a digit, `?` a letter from `POSTCODE_LETTERS` (valid in UK inward
//!   codes and Dutch postcodes), `%` a letter from `CA_LETTERS`, `*` an Eircode character from
//!   `EIRCODE_CHARS`; anything else is literal.
//! - Telephone patterns: the national significant number (NSN) as a country's directories group
//!   it. `0`-`9` are literal, `#` is any digit, `N` is a digit 2-9; spaces and `-` are group
//!   separators (kept in the typed form, dropped from the E.164 form). Every range was checked
//!   against libphonenumber's metadata (the `phonenumber` crate's `is_valid`). `[...]` is one
//!   digit from the listed ones. Italian landlines are left out: the `phonenumber` crate drops
//!   their leading zero when formatting E.164, so they would not round-trip.
//! - Sentence templates: `{slot}` placeholders filled by `generate::fill`.

pub const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPRTUWXYZ";
pub const CA_LETTERS: &[u8] = b"ABCEGHJKLMNPRSTVXY";
pub const EIRCODE_CHARS: &[u8] = b"0123456789ACDEFHKNPRTVWXY";

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

/// How a country writes the first address line.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AddrStyle {
    /// "14 High Street" (UK, IE, US, CA, AU, FR, NG).
    NumberFirst,
    /// "Hauptstraße 12" (DE, NL, PL).
    NumberLast,
    /// "Calle Mayor, 12" (ES, IT, BR).
    NumberLastComma,
    /// "42, MG Road" (IN).
    NumberComma,
    /// "2-14-3 Jingumae" (JP).
    Japan,
    /// "Villa 12, Al Wasl Road" (AE).
    Gulf,
}

/// How foreign numbers of this country are grouped when typed with the country code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PhoneStyle {
    Plain,
    /// NANP: "+1 212-555-0100", "+1 (212) 555-0100".
    Nanp,
}

pub struct City {
    pub name: &'static str,
    pub state: &'static str,
    pub postal: &'static [&'static str],
    /// Landline patterns; empty when the city's landlines are not generated (Italy).
    pub landline: &'static [&'static str],
    /// City-specific mobile patterns (NANP and Brazil carry the area code); empty means the
    /// country's.
    pub mobile: &'static [&'static str],
    pub tz: &'static str,
}

pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub calling_code: &'static str,
    /// Trunk prefix written before the NSN in the national format ("0" in the UK).
    pub trunk: &'static str,
    pub mobile: &'static [&'static str],
    pub streets: &'static [&'static str],
    pub addr: AddrStyle,
    pub phone_style: PhoneStyle,
    /// Percentage of addresses that fill in the state/province/county field.
    pub state_pct: u32,
    pub cities: &'static [City],
}

macro_rules! city {
    ($name:expr, $state:expr, $tz:expr, [$($p:expr),*], [$($l:expr),*]) => {
        City { name: $name, state: $state, postal: &[$($p),*], landline: &[$($l),*], mobile: &[], tz: $tz }
    };
    ($name:expr, $state:expr, $tz:expr, [$($p:expr),*], [$($l:expr),*], [$($m:expr),*]) => {
        City { name: $name, state: $state, postal: &[$($p),*], landline: &[$($l),*], mobile: &[$($m),*], tz: $tz }
    };
}

pub const GB: usize = 0;
pub const US: usize = 1;
pub const IE: usize = 2;
pub const CA: usize = 3;
pub const AU: usize = 4;
pub const DE: usize = 5;
pub const FR: usize = 6;
pub const ES: usize = 7;
pub const NL: usize = 8;
pub const IT: usize = 9;
pub const PL: usize = 10;
pub const IN: usize = 11;
pub const BR: usize = 12;
pub const NG: usize = 13;
pub const AE: usize = 14;
pub const JP: usize = 15;

#[rustfmt::skip]
pub const COUNTRIES: &[Country] = &[
    Country {
        code: "GB",
        name: "United Kingdom",
        calling_code: "44",
        trunk: "0",
        mobile: &[
            "74[0123]# ######", "75[3456789]# ######", "77[1234567]# ######", "78[0145678]# ######",
            "79[0245678]# ######",
        ],
        streets: &[
            "High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Queen's Road",
            "King Street", "Mill Lane", "The Crescent", "Albert Road", "Manor Way", "Grange Close",
            "Orchard Drive", "St Mary's Street", "Green Lane", "Kingsway", "Westfield Avenue",
            "Chapel Street", "Windsor Gardens", "Elm Grove", "Oak Tree Close", "Riverside Walk",
            "Bridge Street", "New Road", "London Road", "Castle Street", "Springfield Road", "Beech Avenue",
            "Mount Pleasant", "Holly Bank", "Cromwell Road", "Nelson Street",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Plain,
        state_pct: 35,
        cities: &[
            city!("London", "Greater London", "Europe/London", ["SW1A #??", "SE1 #??", "N1 #??", "E14 #??", "W1D #??", "NW3 #??", "EC2A #??", "WC1E #??", "SW11 #??", "E1 #??"], ["20 7### ####", "20 8### ####", "20 3### ####", "20 7946 0###"]),
            city!("Manchester", "Greater Manchester", "Europe/London", ["M1 #??", "M4 #??", "M20 #??", "M14 #??"], ["161 N## ####"]),
            city!("Birmingham", "West Midlands", "Europe/London", ["B1 #??", "B5 #??", "B15 #??", "B29 #??"], ["121 [234567]## ####"]),
            city!("Leeds", "West Yorkshire", "Europe/London", ["LS1 #??", "LS6 #??", "LS11 #??"], ["113 [2345]## ####"]),
            city!("Glasgow", "Lanarkshire", "Europe/London", ["G1 #??", "G12 #??", "G41 #??"], ["141 N## ####"]),
            city!("Edinburgh", "Midlothian", "Europe/London", ["EH1 #??", "EH3 #??", "EH10 #??"], ["131 [2345678]## ####"]),
            city!("Bristol", "Avon", "Europe/London", ["BS1 #??", "BS6 #??", "BS8 #??"], ["117 [2349]## ####"]),
            city!("Liverpool", "Merseyside", "Europe/London", ["L1 #??", "L8 #??", "L17 #??"], ["151 N## ####"]),
            city!("Sheffield", "South Yorkshire", "Europe/London", ["S1 #??", "S10 #??", "S11 #??"], ["114 [2345]## ####"]),
            city!("Cardiff", "South Glamorgan", "Europe/London", ["CF10 #??", "CF11 #??", "CF24 #??"], ["29 20## ####"]),
            city!("Belfast", "County Antrim", "Europe/London", ["BT1 #??", "BT7 #??", "BT9 #??"], ["28 90## ####"]),
            city!("Newcastle upon Tyne", "Tyne and Wear", "Europe/London", ["NE1 #??", "NE2 #??", "NE6 #??"], ["191 N## ####"]),
            city!("Nottingham", "Nottinghamshire", "Europe/London", ["NG1 #??", "NG7 #??"], ["115 [26789]## ####"]),
            city!("Leicester", "Leicestershire", "Europe/London", ["LE1 #??", "LE2 #??"], ["116 [234]## ####"]),
            city!("Oxford", "Oxfordshire", "Europe/London", ["OX1 #??", "OX4 #??"], ["1865 N#####"]),
            city!("Cambridge", "Cambridgeshire", "Europe/London", ["CB1 #??", "CB2 #??"], ["1223 N#####"]),
            city!("Brighton", "East Sussex", "Europe/London", ["BN1 #??", "BN2 #??"], ["1273 N#####"]),
            city!("York", "North Yorkshire", "Europe/London", ["YO1 #??", "YO10 #??"], ["1904 N#####"]),
            city!("Aberdeen", "Aberdeenshire", "Europe/London", ["AB10 #??", "AB25 #??"], ["1224 N#####"]),
            city!("Swansea", "West Glamorgan", "Europe/London", ["SA1 #??", "SA2 #??"], ["1792 N#####"]),
        ],
    },
    Country {
        code: "US",
        name: "United States",
        calling_code: "1",
        trunk: "1",
        mobile: &[],
        streets: &[
            "Main Street", "Oak Street", "Maple Avenue", "Elm Street", "Washington Boulevard", "Park Avenue",
            "Lake Shore Drive", "Sunset Boulevard", "Broadway", "5th Avenue", "Cedar Lane", "Pine Street",
            "Highland Avenue", "Lincoln Way", "Madison Avenue", "Market Street", "Spring Street",
            "Willow Drive", "Ridge Road", "Hillcrest Drive", "Jefferson Street", "Franklin Avenue",
            "Mission Street", "Peachtree Street NE", "Magnolia Court", "Sycamore Lane", "West 34th Street",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Nanp,
        state_pct: 100,
        cities: &[
            city!("New York", "NY", "America/New_York", ["100##", "101##", "112##"], ["212 N## ####", "646 N## ####", "718 N## ####", "917 N## ####"]),
            city!("Chicago", "IL", "America/Chicago", ["606##"], ["312 N## ####", "773 N## ####"]),
            city!("Los Angeles", "CA", "America/Los_Angeles", ["900##"], ["213 N## ####", "310 N## ####", "323 N## ####"]),
            city!("San Francisco", "CA", "America/Los_Angeles", ["941##"], ["415 N## ####"]),
            city!("Seattle", "WA", "America/Los_Angeles", ["981##"], ["206 N## ####"]),
            city!("Boston", "MA", "America/New_York", ["021##"], ["617 N## ####"]),
            city!("Austin", "TX", "America/Chicago", ["787##"], ["512 N## ####"]),
            city!("Houston", "TX", "America/Chicago", ["770##"], ["713 N## ####"]),
            city!("Dallas", "TX", "America/Chicago", ["752##"], ["214 N## ####"]),
            city!("Denver", "CO", "America/Denver", ["802##"], ["303 N## ####", "720 N## ####"]),
            city!("Phoenix", "AZ", "America/Phoenix", ["850##"], ["602 N## ####"]),
            city!("Atlanta", "GA", "America/New_York", ["303##"], ["404 N## ####"]),
            city!("Miami", "FL", "America/New_York", ["331##"], ["305 N## ####"]),
            city!("Philadelphia", "PA", "America/New_York", ["191##"], ["215 N## ####"]),
            city!("Minneapolis", "MN", "America/Chicago", ["554##"], ["612 N## ####"]),
            city!("Portland", "OR", "America/Los_Angeles", ["972##"], ["503 N## ####"]),
            city!("Salt Lake City", "UT", "America/Denver", ["841##"], ["801 N## ####"]),
            city!("Nashville", "TN", "America/Chicago", ["372##"], ["615 N## ####"]),
            city!("Detroit", "MI", "America/Detroit", ["482##"], ["313 N## ####"]),
            city!("Honolulu", "HI", "Pacific/Honolulu", ["968##"], ["808 N## ####"]),
        ],
    },
    Country {
        code: "IE",
        name: "Ireland",
        calling_code: "353",
        trunk: "0",
        mobile: &[
            "83 ### ####", "85 ### ####", "86 ### ####", "87 ### ####", "89 ### ####",
        ],
        streets: &[
            "Main Street", "O'Connell Street", "Grafton Street", "Parnell Square", "Harcourt Street",
            "Baggot Street Lower", "Patrick Street", "Oliver Plunkett Street", "Shop Street", "Eyre Square",
            "Ashgrove", "Beech Park", "Sycamore Avenue", "Church Road", "Strand Road", "Dominick Street",
            "Cathedral Road", "Fairgreen", "Mary Street", "Thomas Street",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Plain,
        state_pct: 60,
        cities: &[
            city!("Dublin", "Co. Dublin", "Europe/Dublin", ["D02 ****", "D04 ****", "D06 ****", "D08 ****", "D15 ****"], ["1 N## ####"]),
            city!("Cork", "Co. Cork", "Europe/Dublin", ["T12 ****", "T23 ****"], ["21 4## ####"]),
            city!("Galway", "Co. Galway", "Europe/Dublin", ["H91 ****"], ["91 5#####"]),
            city!("Limerick", "Co. Limerick", "Europe/Dublin", ["V94 ****"], ["61 N#####"]),
            city!("Waterford", "Co. Waterford", "Europe/Dublin", ["X91 ****"], ["51 N#####"]),
        ],
    },
    Country {
        code: "CA",
        name: "Canada",
        calling_code: "1",
        trunk: "1",
        mobile: &[],
        streets: &[
            "Yonge Street", "Bloor Street West", "Queen Street West", "Granville Street",
            "Rue Sainte-Catherine", "Rue Saint-Denis", "Jasper Avenue", "17th Avenue SW", "Bank Street",
            "Robson Street", "Maple Crescent", "King Street East", "Elgin Street", "Boulevard Saint-Laurent",
            "Whyte Avenue",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Nanp,
        state_pct: 100,
        cities: &[
            city!("Toronto", "ON", "America/Toronto", ["M5V #%#", "M4C #%#", "M6K #%#"], ["416 N## ####", "647 N## ####"]),
            city!("Montréal", "QC", "America/Toronto", ["H2X #%#", "H3B #%#"], ["514 N## ####", "438 N## ####"]),
            city!("Vancouver", "BC", "America/Vancouver", ["V6B #%#", "V5K #%#"], ["604 N## ####", "778 N## ####"]),
            city!("Calgary", "AB", "America/Edmonton", ["T2P #%#", "T3A #%#"], ["403 N## ####", "587 N## ####"]),
            city!("Ottawa", "ON", "America/Toronto", ["K1P #%#", "K2B #%#"], ["613 N## ####"]),
            city!("Edmonton", "AB", "America/Edmonton", ["T5J #%#", "T6E #%#"], ["780 N## ####"]),
        ],
    },
    Country {
        code: "AU",
        name: "Australia",
        calling_code: "61",
        trunk: "0",
        mobile: &["40# ### ###", "41# ### ###", "42# ### ###", "43# ### ###"],
        streets: &[
            "George Street", "Pitt Street", "Collins Street", "Bourke Street", "Queen Street",
            "Adelaide Street", "Hay Street", "King William Street", "Victoria Parade", "Beach Road",
            "Bay Street", "Oxford Street", "Military Road", "Pacific Highway", "Chapel Street",
            "Brunswick Street",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Plain,
        state_pct: 100,
        cities: &[
            city!("Sydney", "NSW", "Australia/Sydney", ["20##", "21##"], ["2 9### ####", "2 8### ####"]),
            city!("Melbourne", "VIC", "Australia/Melbourne", ["30##", "31##"], ["3 9### ####", "3 8### ####"]),
            city!("Brisbane", "QLD", "Australia/Brisbane", ["40##", "41##"], ["7 3### ####"]),
            city!("Perth", "WA", "Australia/Perth", ["60##", "61##"], ["8 9### ####"]),
            city!("Adelaide", "SA", "Australia/Adelaide", ["50##", "51##"], ["8 8### ####"]),
        ],
    },
    Country {
        code: "DE",
        name: "Germany",
        calling_code: "49",
        trunk: "0",
        mobile: &[
            "151 ########", "152 ########", "157 ########", "160 #######", "170 #######", "171 #######",
            "172 #######", "176 ########", "177 ########", "179 #######",
        ],
        streets: &[
            "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Gartenstraße", "Lindenstraße",
            "Friedrichstraße", "Kastanienallee", "Am Markt", "Kurfürstendamm", "Königsallee", "Mühlenweg",
            "Dorfstraße", "Bergstraße", "Rosenweg", "Schloßstraße", "Breite Straße", "An der Alster",
            "Karl-Marx-Allee", "Leopoldstraße",
        ],
        addr: AddrStyle::NumberLast,
        phone_style: PhoneStyle::Plain,
        state_pct: 40,
        cities: &[
            city!("Berlin", "Berlin", "Europe/Berlin", ["10###", "12###", "13###"], ["30 N#######", "30 N######"]),
            city!("München", "Bayern", "Europe/Berlin", ["80###", "81###"], ["89 N#######", "89 N######"]),
            city!("Hamburg", "Hamburg", "Europe/Berlin", ["20###", "22###"], ["40 N#######", "40 N######"]),
            city!("Köln", "Nordrhein-Westfalen", "Europe/Berlin", ["50###", "51###"], ["221 N######", "221 N#####"]),
            city!("Frankfurt am Main", "Hessen", "Europe/Berlin", ["60###", "65###"], ["69 N#######", "69 N######"]),
            city!("Stuttgart", "Baden-Württemberg", "Europe/Berlin", ["70###"], ["711 N######", "711 N#####"]),
            city!("Düsseldorf", "Nordrhein-Westfalen", "Europe/Berlin", ["40###"], ["211 N######", "211 N#####"]),
            city!("Leipzig", "Sachsen", "Europe/Berlin", ["04###"], ["341 N######", "341 N#####"]),
        ],
    },
    Country {
        code: "FR",
        name: "France",
        calling_code: "33",
        trunk: "0",
        mobile: &[
            "6 0# ## ## ##", "6 1# ## ## ##", "6 2# ## ## ##", "6 4# ## ## ##", "6 5# ## ## ##",
            "6 7# ## ## ##", "6 8# ## ## ##", "7 5# ## ## ##", "7 6# ## ## ##", "7 8# ## ## ##",
        ],
        streets: &[
            "rue de la Paix", "avenue des Champs-Élysées", "boulevard Saint-Germain", "rue Victor Hugo",
            "place de la République", "rue du Faubourg Saint-Honoré", "rue Nationale", "avenue Jean Jaurès",
            "rue Pasteur", "rue de la Gare", "chemin des Vignes", "allée des Tilleuls", "rue Émile Zola",
            "quai de la Tournelle", "impasse des Lilas", "cours Mirabeau", "rue de l'Église",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Plain,
        state_pct: 25,
        cities: &[
            city!("Paris", "Île-de-France", "Europe/Paris", ["7500#", "7501#"], ["1 4# ## ## ##", "1 5# ## ## ##", "1 7# ## ## ##"]),
            city!("Lyon", "Auvergne-Rhône-Alpes", "Europe/Paris", ["6900#"], ["4 7# ## ## ##"]),
            city!("Marseille", "Provence-Alpes-Côte d'Azur", "Europe/Paris", ["130##"], ["4 91 ## ## ##"]),
            city!("Toulouse", "Occitanie", "Europe/Paris", ["310##"], ["5 61 ## ## ##", "5 62 ## ## ##"]),
            city!("Bordeaux", "Nouvelle-Aquitaine", "Europe/Paris", ["330##"], ["5 56 ## ## ##", "5 57 ## ## ##"]),
            city!("Lille", "Hauts-de-France", "Europe/Paris", ["590##"], ["3 20 ## ## ##"]),
            city!("Nantes", "Pays de la Loire", "Europe/Paris", ["440##"], ["2 40 ## ## ##"]),
            city!("Strasbourg", "Grand Est", "Europe/Paris", ["670##"], ["3 88 ## ## ##"]),
            city!("Nice", "Provence-Alpes-Côte d'Azur", "Europe/Paris", ["060##"], ["4 93 ## ## ##"]),
        ],
    },
    Country {
        code: "ES",
        name: "Spain",
        calling_code: "34",
        trunk: "",
        mobile: &["6## ### ###"],
        streets: &[
            "Calle Mayor", "Calle de Alcalá", "Gran Vía", "Paseo de la Castellana",
            "Avenida de la Constitución", "Calle Real", "Plaza Mayor", "Calle del Carmen",
            "Rambla de Catalunya", "Passeig de Gràcia", "Calle Sierpes", "Avenida del Puerto", "Calle Larios",
            "Calle de Serrano", "Avenida de América",
        ],
        addr: AddrStyle::NumberLastComma,
        phone_style: PhoneStyle::Plain,
        state_pct: 60,
        cities: &[
            city!("Madrid", "Madrid", "Europe/Madrid", ["280##"], ["91# ### ###"]),
            city!("Barcelona", "Barcelona", "Europe/Madrid", ["080##"], ["93# ### ###"]),
            city!("Valencia", "Valencia", "Europe/Madrid", ["460##"], ["96N ### ###"]),
            city!("Sevilla", "Sevilla", "Europe/Madrid", ["410##"], ["95# ### ###"]),
            city!("Bilbao", "Bizkaia", "Europe/Madrid", ["480##"], ["94N ### ###"]),
            city!("Zaragoza", "Zaragoza", "Europe/Madrid", ["500##"], ["976 ### ###"]),
            city!("Málaga", "Málaga", "Europe/Madrid", ["290##"], ["952 ### ###"]),
        ],
    },
    Country {
        code: "NL",
        name: "Netherlands",
        calling_code: "31",
        trunk: "0",
        mobile: &[
            "6 1#######", "6 2#######", "6 3#######", "6 4#######", "6 5#######",
        ],
        streets: &[
            "Keizersgracht", "Prinsengracht", "Herengracht", "Kerkstraat", "Dorpsstraat", "Stationsweg",
            "Molenweg", "Julianalaan", "Beatrixlaan", "Wilhelminastraat", "Coolsingel", "Oudegracht",
            "Lange Voorhout", "Stratumseind", "Vismarkt", "Van Baerlestraat",
        ],
        addr: AddrStyle::NumberLast,
        phone_style: PhoneStyle::Plain,
        state_pct: 25,
        cities: &[
            city!("Amsterdam", "Noord-Holland", "Europe/Amsterdam", ["10## ??"], ["20 N## ####"]),
            city!("Rotterdam", "Zuid-Holland", "Europe/Amsterdam", ["30## ??"], ["10 N## ####"]),
            city!("Den Haag", "Zuid-Holland", "Europe/Amsterdam", ["25## ??"], ["70 N## ####"]),
            city!("Utrecht", "Utrecht", "Europe/Amsterdam", ["35## ??"], ["30 N## ####"]),
            city!("Eindhoven", "Noord-Brabant", "Europe/Amsterdam", ["56## ??"], ["40 N## ####"]),
            city!("Groningen", "Groningen", "Europe/Amsterdam", ["97## ??"], ["50 N## ####"]),
        ],
    },
    Country {
        code: "IT",
        name: "Italy",
        calling_code: "39",
        trunk: "",
        mobile: &[
            "32# ### ####", "34# ### ####", "35# ### ####", "38# ### ####", "39# ### ####",
        ],
        streets: &[
            "Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Via Giuseppe Verdi",
            "Piazza del Duomo", "Via Dante Alighieri", "Via della Repubblica", "Viale Europa", "Via Mazzini",
            "Via Cavour", "Via Nazionale", "Via del Corso", "Via Toledo", "Via Po", "Via dei Mille",
        ],
        addr: AddrStyle::NumberLastComma,
        phone_style: PhoneStyle::Plain,
        state_pct: 70,
        cities: &[
            city!("Roma", "RM", "Europe/Rome", ["001##"], []),
            city!("Milano", "MI", "Europe/Rome", ["201##"], []),
            city!("Napoli", "NA", "Europe/Rome", ["801##"], []),
            city!("Torino", "TO", "Europe/Rome", ["101##"], []),
            city!("Firenze", "FI", "Europe/Rome", ["501##"], []),
            city!("Bologna", "BO", "Europe/Rome", ["401##"], []),
        ],
    },
    Country {
        code: "PL",
        name: "Poland",
        calling_code: "48",
        trunk: "",
        mobile: &[
            "50# ### ###", "51# ### ###", "53# ### ###", "57# ### ###", "60# ### ###", "66# ### ###",
            "69# ### ###", "72# ### ###", "79# ### ###", "88# ### ###",
        ],
        streets: &[
            "ul. Marszałkowska", "ul. Floriańska", "ul. Długa", "ul. Piotrkowska", "ul. Świętokrzyska",
            "al. Jerozolimskie", "ul. Mickiewicza", "ul. Kościuszki", "ul. Słowackiego", "ul. Szewska",
            "ul. Grunwaldzka", "ul. Polna", "ul. Leśna", "ul. Ogrodowa", "ul. Żeromskiego",
        ],
        addr: AddrStyle::NumberLast,
        phone_style: PhoneStyle::Plain,
        state_pct: 40,
        cities: &[
            city!("Warszawa", "mazowieckie", "Europe/Warsaw", ["00-###", "01-###", "02-###"], ["22 N## ## ##"]),
            city!("Kraków", "małopolskie", "Europe/Warsaw", ["30-###", "31-###"], ["12 N## ## ##"]),
            city!("Wrocław", "dolnośląskie", "Europe/Warsaw", ["50-###", "53-###"], ["71 N## ## ##"]),
            city!("Gdańsk", "pomorskie", "Europe/Warsaw", ["80-###"], ["58 N## ## ##"]),
            city!("Poznań", "wielkopolskie", "Europe/Warsaw", ["60-###", "61-###"], ["61 N## ## ##"]),
            city!("Łódź", "łódzkie", "Europe/Warsaw", ["90-###", "91-###"], ["42 N## ## ##"]),
        ],
    },
    Country {
        code: "IN",
        name: "India",
        calling_code: "91",
        trunk: "0",
        mobile: &[
            "98### #####", "99### #####", "97### #####", "96### #####", "94### #####", "93### #####",
        ],
        streets: &[
            "MG Road", "Linking Road", "Brigade Road", "Anna Salai", "Park Street",
            "Banjara Hills Road No. 12", "Connaught Place", "Residency Road", "Hill Road",
            "Nehru Nagar Main Road", "Lajpat Nagar", "Koramangala 5th Block", "100 Feet Road, Indiranagar",
            "Jubilee Hills Road No. 36", "Camac Street",
        ],
        addr: AddrStyle::NumberComma,
        phone_style: PhoneStyle::Plain,
        state_pct: 90,
        cities: &[
            city!("Mumbai", "Maharashtra", "Asia/Kolkata", ["4000##"], ["22 2### ####", "22 4### ####"]),
            city!("New Delhi", "Delhi", "Asia/Kolkata", ["1100##"], ["11 2### ####", "11 4### ####"]),
            city!("Bengaluru", "Karnataka", "Asia/Kolkata", ["5600##"], ["80 2### ####", "80 4### ####"]),
            city!("Chennai", "Tamil Nadu", "Asia/Kolkata", ["6000##"], ["44 2### ####", "44 4### ####"]),
            city!("Hyderabad", "Telangana", "Asia/Kolkata", ["5000##"], ["40 2### ####", "40 4### ####"]),
            city!("Kolkata", "West Bengal", "Asia/Kolkata", ["7000##"], ["33 2### ####", "33 4### ####"]),
        ],
    },
    Country {
        code: "BR",
        name: "Brazil",
        calling_code: "55",
        trunk: "0",
        mobile: &[],
        streets: &[
            "Rua Augusta", "Avenida Paulista", "Rua Oscar Freire", "Avenida Atlântica", "Rua das Flores",
            "Rua XV de Novembro", "Avenida Brasil", "Rua da Consolação", "Avenida Rio Branco",
            "Rua Sete de Setembro", "Rua Visconde de Pirajá", "Avenida Afonso Pena",
        ],
        addr: AddrStyle::NumberLastComma,
        phone_style: PhoneStyle::Plain,
        state_pct: 90,
        cities: &[
            city!("São Paulo", "SP", "America/Sao_Paulo", ["01###-###", "04###-###"], ["11 3###-####", "11 2###-####"], ["11 9####-####"]),
            city!("Rio de Janeiro", "RJ", "America/Sao_Paulo", ["20###-###", "22###-###"], ["21 2###-####", "21 3###-####"], ["21 9####-####"]),
            city!("Belo Horizonte", "MG", "America/Sao_Paulo", ["30###-###"], ["31 3###-####"], ["31 9####-####"]),
            city!("Brasília", "DF", "America/Sao_Paulo", ["70###-###"], ["61 3###-####"], ["61 9####-####"]),
            city!("Curitiba", "PR", "America/Sao_Paulo", ["80###-###"], ["41 3###-####"], ["41 9####-####"]),
            city!("Porto Alegre", "RS", "America/Sao_Paulo", ["90###-###"], ["51 3###-####"], ["51 9####-####"]),
            city!("Salvador", "BA", "America/Bahia", ["40###-###"], ["71 3###-####"], ["71 9####-####"]),
            city!("Recife", "PE", "America/Recife", ["50###-###"], ["81 3###-####"], ["81 9####-####"]),
        ],
    },
    Country {
        code: "NG",
        name: "Nigeria",
        calling_code: "234",
        trunk: "0",
        mobile: &[
            "803 ### ####", "806 ### ####", "813 ### ####", "816 ### ####", "703 ### ####", "705 ### ####",
            "905 ### ####", "802 ### ####", "808 ### ####",
        ],
        streets: &[
            "Awolowo Road", "Adeola Odeku Street", "Allen Avenue", "Admiralty Way", "Herbert Macaulay Way",
            "Ahmadu Bello Way", "Adetokunbo Ademola Crescent", "Ozumba Mbadiwe Avenue", "Bode Thomas Street",
            "Kofo Abayomi Street", "Aminu Kano Crescent", "Aba Road",
        ],
        addr: AddrStyle::NumberFirst,
        phone_style: PhoneStyle::Plain,
        state_pct: 80,
        cities: &[
            city!("Lagos", "Lagos", "Africa/Lagos", ["1000##", "1012##"], ["201 N## ####"]),
            city!("Abuja", "FCT", "Africa/Lagos", ["9000##"], ["209 N## ####"]),
            city!("Port Harcourt", "Rivers", "Africa/Lagos", ["5000##"], ["208 4## ####"]),
            city!("Ibadan", "Oyo", "Africa/Lagos", ["2000##"], ["202 N## ####"]),
        ],
    },
    Country {
        code: "AE",
        name: "United Arab Emirates",
        calling_code: "971",
        trunk: "0",
        mobile: &[
            "50 ### ####", "52 ### ####", "54 ### ####", "55 ### ####", "56 ### ####", "58 ### ####",
        ],
        streets: &[
            "Sheikh Zayed Road", "Al Wasl Road", "Jumeirah Beach Road", "Al Khail Road", "Al Maktoum Street",
            "Corniche Road", "Hamdan Street", "Khalifa Street", "Al Muroor Road", "Electra Street",
        ],
        addr: AddrStyle::Gulf,
        phone_style: PhoneStyle::Plain,
        state_pct: 70,
        cities: &[
            city!("Dubai", "Dubai", "Asia/Dubai", [], ["4 [234]## ####"]),
            city!("Abu Dhabi", "Abu Dhabi", "Asia/Dubai", [], ["2 [2456]## ####"]),
            city!("Sharjah", "Sharjah", "Asia/Dubai", [], ["6 5## ####"]),
        ],
    },
    Country {
        code: "JP",
        name: "Japan",
        calling_code: "81",
        trunk: "0",
        mobile: &["90-N###-####", "80-N###-####", "70-N###-####"],
        streets: &[
            "Chuo", "Honcho", "Motomachi", "Sakaemachi", "Asahimachi", "Midori", "Nishiki", "Kotobuki",
            "Higashi", "Nishi", "Minami", "Kita", "Saiwaicho", "Hikarigaoka",
        ],
        addr: AddrStyle::Japan,
        phone_style: PhoneStyle::Plain,
        state_pct: 90,
        cities: &[
            city!("Tokyo", "Tokyo", "Asia/Tokyo", ["1##-####"], ["3-N###-####"]),
            city!("Osaka", "Osaka", "Asia/Tokyo", ["5##-####"], ["6-N###-####"]),
            city!("Yokohama", "Kanagawa", "Asia/Tokyo", ["22#-####", "23#-####"], ["45-N##-####"]),
            city!("Nagoya", "Aichi", "Asia/Tokyo", ["45#-####", "46#-####"], ["52-N##-####"]),
            city!("Sapporo", "Hokkaido", "Asia/Tokyo", ["06#-####"], ["11-[235678]##-####"]),
            city!("Fukuoka", "Fukuoka", "Asia/Tokyo", ["81#-####"], ["92-N##-####"]),
            city!("Kyoto", "Kyoto", "Asia/Tokyo", ["60#-####"], ["75-N##-####"]),
        ],
    },
];

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

pub struct Culture {
    pub weight: u32,
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
    /// Percentage of people with two surnames ("García López", "Oliveira da Silva").
    pub double_last_pct: u32,
    /// Word placed between two surnames ("" for a plain space, "da"...).
    pub double_joiners: &'static [&'static str],
    /// (country index, weight): where people of this culture live in the data.
    pub countries: &'static [(usize, u32)],
}

/// Index of the German culture in `CULTURES` (emails spell umlauts out).
pub const GERMAN: usize = 3;

#[rustfmt::skip]
pub const CULTURES: &[Culture] = &[
    Culture {
        weight: 30,
        first: &[
            "Oliver", "Amelia", "George", "Harry", "Olivia", "Jack", "Emily", "Charlie", "Sophie", "Thomas",
            "Jessica", "James", "Charlotte", "William", "Hannah", "Daniel", "Lucy", "Samuel", "Grace",
            "Joseph", "Chloe", "Benjamin", "Ellie", "Matthew", "Megan", "Michael", "Sarah", "David",
            "Rebecca", "Christopher", "Laura", "Andrew", "Emma", "Paul", "Rachel", "Mark", "Claire",
            "Stephen", "Helen", "Richard", "Karen", "Robert", "Susan", "Peter", "Alison", "Jennifer", "John",
            "Elizabeth", "Margaret", "Gary", "Dawn", "Kevin", "Tracey", "Zoë", "Chloë", "Ashley", "Taylor",
            "Madison", "Tyler", "Brandon", "Kayla", "Ethan", "Ava", "Mason", "Abigail", "Noah", "Jo", "Bea",
            "Al", "Mary-Jane", "Billie-Jo", "Kimberly", "Nathan", "Leah", "Rhys", "Gareth", "Bethan", "Dylan",
        ],
        last: &[
            "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
            "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green",
            "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
            "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
            "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
            "Griffiths", "Mitchell", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw",
            "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams",
            "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt", "Hussain",
            "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
            "Barker", "Fisher", "Stevens", "Jenkins", "Dixon", "Harvey", "Lloyd-Webber", "Carter-Smith",
            "Hughes-Hallett", "Bowes-Lyon", "ap Rhys", "Fforde", "St John", "Ashworth", "Pryce",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(GB, 55), (US, 25), (AU, 8), (CA, 7), (IE, 3), (AE, 2)],
    },
    Culture {
        weight: 6,
        first: &[
            "Siobhán", "Aoife", "Niamh", "Ciarán", "Seán", "Pádraig", "Róisín", "Caoimhe", "Eoin",
            "Oisín", "Aisling", "Declan", "Cormac", "Orla", "Saoirse", "Darragh", "Clodagh",
            "Fionn", "Deirdre", "Eimear", "Liam", "Conor", "Sinéad", "Méabh", "Tadhg", "Bríd",
            "Colm", "Dervla", "Ronan", "Gráinne",
        ],
        last: &[
            "O'Brien", "O'Sullivan", "Murphy", "Kelly", "O'Connor", "Byrne", "Ryan", "Walsh", "O'Neill",
            "McCarthy", "Doyle", "Gallagher", "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin",
            "O'Reilly", "Nolan", "Fitzgerald", "Brennan", "Ó Súilleabháin", "Ní Bhriain",
            "Mac Giolla Phádraig", "O'Donoghue", "Kavanagh", "Ó Dónaill", "Dunne", "Whelan",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(IE, 55), (GB, 25), (US, 15), (AU, 5)],
    },
    Culture {
        weight: 6,
        first: &[
            "Ewan", "Fiona", "Callum", "Iona", "Hamish", "Morag", "Alasdair", "Catriona", "Euan",
            "Isla", "Ruaridh", "Kirsty", "Lachlan", "Mhairi", "Angus", "Eilidh", "Struan", "Ailsa",
            "Fraser", "Innes", "Kenneth", "Moira", "Douglas", "Shona",
        ],
        last: &[
            "MacDonald", "McLeod", "MacKenzie", "McGregor", "Campbell", "Stewart", "Fraser", "MacLean",
            "McIntyre", "Robertson", "Sinclair", "Buchanan", "MacKay", "McAllister", "Cameron", "Grant",
            "Henderson", "Munro", "MacInnes", "McPherson", "Drummond", "Ferguson", "Kerr", "Maclean",
            "MacAulay", "McConnachie",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(GB, 80), (CA, 8), (AU, 6), (US, 6)],
    },
    Culture {
        weight: 7,
        first: &[
            "Jürgen", "Jörg", "Günther", "Björn", "Lukas", "Maximilian", "Sören", "Anna-Lena", "Hans-Peter",
            "Katharina", "Sabine", "Ursula", "Felix", "Johanna", "Moritz", "Lea", "Tobias", "Franziska",
            "Dieter", "Brigitte", "Jannik", "Annika", "Matthias", "Ute", "Stefan", "Käthe", "Niklas",
            "Miriam", "Karl-Heinz", "Jörn",
        ],
        last: &[
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
            "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
            "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
            "Krause", "Köhler", "Weiß", "Groß", "von Bülow", "Jäger", "Vogel", "Böhm", "von der Heide",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(DE, 85), (US, 7), (GB, 5), (NL, 3)],
    },
    Culture {
        weight: 6,
        first: &[
            "Anne-Marie", "Jean-Luc", "Marie-Claire", "Jean-Pierre", "François", "Hélène", "Chloé", "Théo",
            "Léa", "Élodie", "Benoît", "Amélie", "Jérôme", "Zoé", "Maëlle", "Noël", "Céline", "Gaël", "Loïc",
            "Inès", "Mathéo", "Camille", "Océane", "Stéphane", "Aurélie", "Clément", "Margaux", "Baptiste",
            "Sébastien", "Joséphine",
        ],
        last: &[
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
            "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Fournier", "Girard", "Bonnet", "Dupont",
            "Lambert", "Fontaine", "Rousseau", "Vincent", "Mercier", "Chevalier", "Blanchard", "Gauthier",
            "Faure", "Le Gall", "Le Roux", "de Villiers", "Lemaître", "Bérenger", "de la Fontaine", "Crépin",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(FR, 85), (CA, 10), (GB, 5)],
    },
    Culture {
        weight: 6,
        first: &[
            "José", "María José", "Alejandro", "Lucía", "Javier", "Carmen", "Sofía", "Diego", "Pilar",
            "Álvaro", "Mercedes", "Iñaki", "Begoña", "Raúl", "Nuria", "Sergio", "Ana Belén", "Jesús", "Rocío",
            "Andrés", "Inmaculada", "Adrián", "Marta", "Ignacio", "Elena", "Ramón", "Concepción",
            "Juan Carlos",
        ],
        last: &[
            "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
            "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Muñoz", "Romero",
            "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez",
            "Serrano", "Blanco", "Molina", "Ortega", "Castillo", "Núñez", "Iglesias",
        ],
        double_last_pct: 55,
        double_joiners: &[""],
        countries: &[(ES, 75), (US, 15), (GB, 10)],
    },
    Culture {
        weight: 3,
        first: &[
            "Jan", "Pieter", "Sanne", "Femke", "Joost", "Maarten", "Anouk", "Bram", "Lotte",
            "Thijs", "Eva", "Daan", "Sem", "Noor", "Ruud", "Marieke", "Wouter", "Ineke", "Hendrik",
            "Floor", "Jeroen", "Annelies", "Sven", "Fleur", "Koen",
        ],
        last: &[
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
            "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
            "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "van der Meer", "van der Linden", "Kok",
            "Jacobs", "van der Heijden", "van Beek", "Verhoeven", "Kuipers", "van 't Hof",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(NL, 88), (GB, 6), (US, 6)],
    },
    Culture {
        weight: 5,
        first: &[
            "Giuseppe", "Giovanni", "Francesca", "Alessandro", "Chiara", "Giulia", "Lorenzo", "Matteo",
            "Federica", "Niccolò", "Sofia", "Andrea", "Elisa", "Marco", "Luca", "Valentina", "Paolo",
            "Roberta", "Davide", "Martina", "Gianluca", "Ilaria", "Simone", "Beatrice", "Antonella",
        ],
        last: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
            "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
            "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
            "Ferrara", "Galli", "D'Angelo", "Dell'Acqua", "Di Stefano", "Lo Russo", "Nicolò",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(IT, 85), (US, 8), (GB, 7)],
    },
    Culture {
        weight: 5,
        first: &[
            "Agnieszka", "Małgorzata", "Katarzyna", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał",
            "Łukasz", "Joanna", "Magdalena", "Wojciech", "Grzegorz", "Zofia", "Jakub", "Aleksandra",
            "Bartłomiej", "Dorota", "Marcin", "Ewa", "Szymon", "Justyna", "Kamil", "Beata", "Mateusz",
        ],
        last: &[
            "Nowak", "Kowalski", "Kowalska", "Wiśniewski", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamiński",
            "Lewandowski", "Lewandowska", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
            "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski",
            "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewski", "Olszewski",
            "Stępień", "Malinowski", "Górski", "Zając",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(PL, 70), (GB, 22), (DE, 5), (IE, 3)],
    },
    Culture {
        weight: 9,
        first: &[
            "Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Deepika", "Rohan", "Kavya",
            "Aditya", "Pooja", "Sanjay", "Lakshmi", "Suresh", "Divya", "Karthik", "Meera", "Rajesh", "Nisha",
            "Harpreet", "Gurpreet", "Anil", "Sunita", "Venkatesh", "Ishaan", "Shreya", "Manoj", "Neha", "Sai",
        ],
        last: &[
            "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Menon", "Mehta", "Shah",
            "Desai", "Joshi", "Rao", "Chopra", "Kapoor", "Malhotra", "Banerjee", "Chatterjee", "Mukherjee",
            "Das", "Bose", "Pillai", "Krishnan", "Agarwal", "Verma", "Mishra", "Srinivasan", "Subramanian",
            "Bhattacharya", "Gill", "Sandhu",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(IN, 55), (GB, 25), (US, 12), (AE, 4), (AU, 2), (CA, 2)],
    },
    Culture {
        weight: 4,
        first: &[
            "Wei", "Fang", "Li Na", "Xiaoming", "Jing", "Hao", "Mei", "Yan", "Jun", "Lei", "Xin",
            "Ying", "Zhiwei", "Yuxuan", "Haoran", "Zihan", "Ming", "Lan", "Qiang", "Hui", "Jiahui",
            "Tao", "Yun", "Kai", "Kevin", "Vivian", "Grace", "Jason", "Michelle",
        ],
        last: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao", "Zheng", "Liang", "Xie",
            "Tang", "Song", "Wong", "Chan", "Cheung", "Leung", "Lau", "Ng", "Ho", "Chow", "Tsang",
            "Yip",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(GB, 30), (US, 35), (AU, 20), (CA, 15)],
    },
    Culture {
        weight: 2,
        first: &[
            "Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura", "Takumi", "Yuki",
            "Kenji", "Akiko", "Hiroshi", "Naoko", "Takeshi", "Emi", "Daisuke", "Mai", "Kazuki",
            "Ayaka", "Shota", "Misaki", "Ryota", "Nanami", "Kaito",
        ],
        last: &[
            "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",
            "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue", "Kimura", "Hayashi",
            "Shimizu", "Yamazaki", "Mori", "Abe", "Ikeda", "Hashimoto", "Ishikawa", "Ōta", "Saitō", "Kondō",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(JP, 80), (US, 12), (GB, 8)],
    },
    Culture {
        weight: 2,
        first: &[
            "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Seo-jun", "Ji-woo", "Su-bin", "Hyun-woo",
            "Ye-jin", "Jae-won", "Eun-ji", "Sung-min", "Da-eun", "Young-ho", "Min-seo", "Tae-yang", "Ji-hye",
            "Dong-hyun", "Soo-ah",
        ],
        last: &[
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(US, 50), (GB, 20), (AU, 15), (CA, 15)],
    },
    Culture {
        weight: 4,
        first: &[
            "Mohammed", "Ahmed", "Fatima", "Aisha", "Omar", "Ali", "Layla", "Yousef", "Mariam",
            "Khalid", "Noura", "Hassan", "Zainab", "Ibrahim", "Huda", "Tariq", "Salma", "Karim",
            "Amira", "Rashid", "Abdullah", "Leila", "Hamza", "Yasmin", "Samir",
        ],
        last: &[
            "Al-Farsi", "Al-Mansouri", "Haddad", "Khalil", "Nasser", "Hussein", "Al-Hashimi", "Saleh",
            "Abdullah", "Rahman", "El-Amin", "Mahmoud", "Darwish", "Aziz", "Al-Zahrani", "Hamdan", "Suleiman",
            "Al-Rashid", "Mansour", "Farouk", "El-Sayed", "Abu Hamdan", "Al Nahyan", "Qasim",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(AE, 60), (GB, 25), (DE, 8), (FR, 7)],
    },
    Culture {
        weight: 3,
        first: &[
            "Chinedu", "Ngozi", "Oluwaseun", "Adebayo", "Chiamaka", "Emeka", "Funmilayo", "Tunde", "Yetunde",
            "Ifeoma", "Obinna", "Folake", "Babajide", "Amaka", "Kelechi", "Temitope", "Olumide", "Nkechi",
            "Uche", "Bolanle", "Abubakar", "Hauwa", "Musa", "Chidi", "Damilola", "Ikechukwu", "Oluwatobi",
            "Adaeze",
        ],
        last: &[
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Adebayo", "Ogunleye", "Oyelaran",
            "Chukwu", "Okeke", "Adeleke", "Ibrahim", "Bello", "Abubakar", "Onyekachi", "Olawale", "Nwachukwu",
            "Afolabi", "Oladipo", "Obi", "Uzor", "Ogbonna", "Akinola", "Danjuma",
        ],
        double_last_pct: 0,
        double_joiners: &[],
        countries: &[(NG, 65), (GB, 30), (US, 5)],
    },
    Culture {
        weight: 3,
        first: &[
            "João", "José", "Ana", "Maria Eduarda", "Luiz", "Thiago", "Gabriela", "Mariana", "Vinícius",
            "Letícia", "Rafael", "Larissa", "Bruno", "Camila", "Felipe", "Beatriz", "Gustavo", "Juliana",
            "Rodrigo", "Fernanda", "Caio", "Júlia", "Matheus", "Isabela", "André", "Conceição", "Antônio",
            "Márcia",
        ],
        last: &[
            "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
            "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
            "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques",
            "Machado", "Mendes", "Freitas", "da Silva", "dos Santos", "de Souza",
        ],
        double_last_pct: 35,
        double_joiners: &["", "da", "dos", "de"],
        countries: &[(BR, 88), (US, 6), (GB, 6)],
    },
];

/// Handles for contacts known only by an email address (the name decoder must leave the name
/// empty for role mailboxes and one-part handles).
#[rustfmt::skip]
pub const HANDLES: &[&str] = &[
    "info", "office", "hello", "accounts", "bookings", "orders", "admin", "enquiries", "contact", "sunnydays",
    "bluebird", "kingfisher", "moonlight", "greenfinch", "stargazer", "riverbank", "tigerlily", "foxglove",
    "thecooks", "smithfamily", "homeoffice", "reception", "purchasing",
];

// ---------------------------------------------------------------------------------------------
// Companies
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
pub const COMPANY_PREFIX: &[&str] = &[
    "North", "Blue", "Silver", "Oak", "Bright", "Iron", "Red", "Green", "Swift", "Summit",
    "Harbour", "River", "Stone", "Maple", "Cedar", "Eagle", "Falcon", "Pioneer", "Apex", "Crown",
    "Atlas", "Beacon", "Clear", "Bay", "Fox", "Lark", "West", "East", "High", "Kings", "Golden",
    "Ash", "Elm", "Wolf",
];
#[rustfmt::skip]
pub const COMPANY_SUFFIX: &[&str] = &[
    "wind", "field", "gate", "bridge", "wood", "brook", "stone", "point", "line", "way", "view",
    "hill", "well", "ford", "hurst", "moor", "water", "vale", "crest", "port",
];
#[rustfmt::skip]
pub const INDUSTRIES: &[&str] = &[
    "Logistics", "Analytics", "Dental Care", "Engineering", "Consulting", "Builders", "Bakery", "Legal",
    "Insurance", "Software", "Media", "Foods", "Motors", "Pharmacy", "Property Management", "Accountancy",
    "Design Studio", "Telecom", "Energy", "Health", "Recruitment", "Catering", "Printing", "Travel",
    "Veterinary Clinic", "Fitness", "Architects", "Plumbing & Heating", "Solar", "Florists",
];
#[rustfmt::skip]
pub const LEGAL_FORMS: &[&str] = &[
    "Ltd", "Ltd", "Ltd", "Limited", "plc", "LLP", "LLC", "Inc.", "GmbH", "SARL", "B.V.", "S.L.", "S.r.l.",
    "Sp. z o.o.", "Pvt Ltd", "Pty Ltd", "Group", "& Co", "", "", "",
];
#[rustfmt::skip]
pub const COMPANY_TOWNS: &[&str] = &[
    "Leeds", "Bristol", "Cotswold", "Pennine", "Thames", "Mersey", "Severn", "Clyde", "Chiltern",
    "Highland", "Dublin", "Camden", "Solent", "Dales", "Fenland", "Wessex", "Mendip", "Tyne",
];
#[rustfmt::skip]
pub const COMPANY_GROUPS: &[&str] = &[
    "Group", "Partners", "Services", "Solutions", "Collective", "Co-operative", "Holdings", "Associates",
];

// ---------------------------------------------------------------------------------------------
// Work and conversation text
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
pub const PRODUCTS: &[&str] = &[
    "winter coat", "espresso machine", "garden furniture set", "gift card", "annual membership",
    "running shoes", "sofa bed", "blender", "standing desk", "cot mattress", "air fryer", "duvet set",
    "bike helmet", "vacuum cleaner", "dinner set", "office chair", "rucksack", "smart doorbell",
    "electric toothbrush", "kids' scooter", "broadband package", "home insurance policy",
];
#[rustfmt::skip]
pub const DEVICES: &[&str] = &[
    "SmartHub router", "Home Hub", "Aria speaker", "Nimbus tablet", "e-bike battery", "kettle",
    "washing machine", "smart thermostat", "set-top box", "fitness watch", "baby monitor", "laptop",
    "dishwasher", "security camera", "coffee machine", "hearing aid charger",
];
#[rustfmt::skip]
pub const PLANS: &[&str] = &["Basic", "Plus", "Premium", "Business", "Family", "Student"];
#[rustfmt::skip]
pub const RELATIONS: &[&str] = &[
    "my late father", "my late mother", "my late husband", "my late wife", "my grandmother", "my late uncle",
];
#[rustfmt::skip]
pub const BRANCHES: &[&str] = &[
    "Leeds", "Croydon", "Kingston", "Reading", "Milton Keynes", "Cardiff", "Glasgow", "Bristol", "Norwich",
    "Brighton", "Chester", "Exeter", "Belfast", "Dublin", "York",
];
#[rustfmt::skip]
pub const COURIERS: &[&str] = &[
    "the courier", "the driver", "the delivery firm", "the local depot",
];
#[rustfmt::skip]
pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
];

/// Per work item type (same order as `generate::WORK_ITEM_TYPES`): title templates.
#[rustfmt::skip]
pub const TITLES: &[&[&str]] = &[
    // Password reset
    &[
        "Can't log in to my account", "Password reset email never arrives",
        "Locked out after too many login attempts",
        "Reset link says it has expired",
        "Two-factor code not working on {device}",
        "Forgotten password", "Login loop on the app", "Account locked - need access urgently",
        "Verification texts going to old number", "Password reset not working",
        "Suspicious login attempt on my account",
    ],
    // Refund claim
    &[
        "Refund for order {order}", "Refund not received for {product}", "Charged twice for {product}",
        "Refund request: cancelled order {order}",
        "Money back for faulty {device}",
        "Partial refund for late delivery of {order}",
        "Refund of {amount} still pending", "Return of {product} - refund please",
        "Duplicate payment on order {order}",
    ],
    // Complaint
    &[
        "Complaint about service at {branch} branch",
        "Unhappy with how my call was handled",
        "Formal complaint: repeated delivery failures",
        "Rude response from support", "Complaint about {product} quality", "Still waiting for a callback",
        "Escalation: issue unresolved after three calls",
        "Very disappointed with your service", "Complaint - no response to my emails",
    ],
    // Address change
    &[
        "Change of address",
        "Update delivery address for order {order}",
        "Moving house in {month} - please update details",
        "New billing address", "Address on invoice is wrong", "Please update my contact details",
        "Moved to {branch}",
    ],
    // Billing question
    &[
        "Question about invoice {invoice}", "Unexpected charge of {amount}", "Why did my direct debit go up?",
        "VAT missing from invoice {invoice}", "Can I switch to annual billing?",
        "Payment failed for {plan} plan", "Billed for {month} after cancelling",
        "Copy of invoice {invoice} needed", "Pro-rata charge on my bill",
    ],
    // Delivery problem
    &[
        "Order {order} not delivered",
        "Parcel marked delivered but not received",
        "Courier says address not found", "Damaged parcel - {product}",
        "Wrong item delivered for order {order}", "Delivery missed, need to rebook",
        "Where is my order {order}?", "Waited in all day, no delivery",
    ],
    // Faulty device
    &[
        "{device} won't turn on", "{device} keeps restarting", "Screen cracked on arrival - {device}",
        "Battery drains overnight on {device}", "{device} not charging", "Replacement {device} also faulty",
        "{device} making a clicking noise", "Warranty repair for {device}",
    ],
    // Account closure
    &[
        "Please close my account", "Cancel subscription and delete my data",
        "Close account after moving abroad", "Request to close joint account",
        "Bereavement: please close account", "Cancel {plan} plan", "Leaving - close my account from {date}",
    ],
    // General enquiry
    &[
        "Opening hours over the bank holiday", "Do you deliver to {branch}?",
        "Is the {product} available in other sizes?",
        "Click and collect question", "Student discount?", "How long does delivery take?",
        "Does the {plan} plan include phone support?",
        "Question about my order {order}",
    ],
    // Legacy enquiry
    &[
        "Old enquiry migrated from previous system",
        "Legacy: question about discontinued {product}",
        "Imported ticket: warranty query", "Legacy: old reference {order}",
    ],
];

/// First-person sentences a customer writes (emails, chats, descriptions copied from a request).
#[rustfmt::skip]
pub const CUSTOMER: &[&[&str]] = &[
    &[
        "I can't log in to my account even though I'm sure the password is right.",
        "I requested a password reset three times but the email never arrived.",
        "The reset link says it has expired as soon as I click it.",
        "My account was locked after too many attempts and I need access today.",
        "The two-factor code on my {device} doesn't work any more.",
        "I changed my phone number recently so I no longer get the verification texts.",
        "I've checked my spam folder and there is nothing from you.",
        "The app just goes back to the login screen after I enter my details.",
        "I think someone else may have tried to get into my account.",
        "Could you reset my password or send the link to a different email address?",
    ],
    &[
        "I returned the {product} on {date} but I still haven't had my refund.",
        "I was charged twice for order {order}.",
        "I cancelled order {order} within the cooling-off period and would like a full refund.",
        "The refund of {amount} you promised hasn't appeared on my statement.",
        "Please refund the delivery charge, as the parcel arrived {days} days late.",
        "I have the returns receipt if you need it.",
        "It has now been over two weeks since you confirmed the return.",
        "Can you tell me when the money will be back in my account?",
        "I'd prefer the refund to go back to my original card rather than store credit.",
    ],
    &[
        "I'm writing to complain about the way my last call was handled.",
        "This is the third time I've had to contact you about the same problem.",
        "Nobody called me back even though I was promised a callback within 24 hours.",
        "The staff at your {branch} branch were dismissive and unhelpful.",
        "I've been a loyal customer for years and I'm very disappointed.",
        "The quality of the {product} is nowhere near what was advertised.",
        "I would like this escalated to a manager.",
        "I expect a proper explanation and some compensation for the time I've wasted.",
        "Each time I call I have to explain everything again from the beginning.",
    ],
    &[
        "I moved house on {date} and need to update my address.",
        "Please change my billing and delivery address to my new one.",
        "I've moved to {branch} and need my details updated.",
        "The invoice still shows my old address.",
        "Can you make sure order {order} goes to my new address instead?",
        "I'm moving in {month}, so please update things from the start of the month.",
        "My surname has also changed since I got married, if you could update that too.",
        "Please update my phone number at the same time.",
    ],
    &[
        "There's a charge of {amount} on invoice {invoice} that I don't recognise.",
        "My direct debit has gone up and nobody told me why.",
        "Invoice {invoice} doesn't show VAT, which I need for my records.",
        "Could I switch from monthly to annual billing on the {plan} plan?",
        "My payment for the {plan} plan failed but my card details are correct.",
        "I was billed for {month} even though I cancelled in advance.",
        "Please send me a copy of invoice {invoice} as a PDF.",
        "Can you explain the pro-rata charge on my last bill?",
    ],
    &[
        "Order {order} was due on {date} but still hasn't arrived.",
        "The tracking says delivered but there's nothing here and the neighbours haven't got it.",
        "The box was crushed and the {product} inside is damaged.",
        "I received the wrong item even though I ordered a {product}.",
        "The driver left a card saying they couldn't find the address.",
        "I need to rebook the delivery for a day when I'm at home.",
        "I waited in all day and nobody came.",
        "Can you send a replacement rather than a refund?",
    ],
    &[
        "My {device} won't turn on at all since yesterday.",
        "The {device} keeps restarting every few minutes.",
        "The {device} was damaged when I opened the box.",
        "The battery on my {device} goes flat overnight even when it's switched off.",
        "I've tried a factory reset as your website suggested but it didn't help.",
        "This is the replacement {device} and it has the same fault.",
        "It is still under warranty; I bought it in {month}.",
        "The {device} makes a loud clicking noise when it's charging.",
        "The light on the front just flashes orange.",
    ],
    &[
        "Please close my account and confirm in writing.",
        "I'm moving abroad so I no longer need the service.",
        "I'd like to cancel my {plan} subscription and have my personal data deleted.",
        "I'm writing on behalf of {relation}, who passed away last month; please close the account.",
        "Please make sure no further payments are taken after {date}.",
        "Is there any outstanding balance I need to pay before the account is closed?",
        "I have found a cheaper deal elsewhere, so I'm leaving.",
    ],
    &[
        "What are your opening hours over the bank holiday?",
        "Do you deliver to {branch}?",
        "Is the {product} available in a larger size?",
        "Can I collect my order from a store instead of having it delivered?",
        "Do you offer a discount for students or pensioners?",
        "How long does a standard delivery usually take?",
        "Could you tell me whether the {plan} plan includes phone support?",
    ],
    &[
        "I had a question about the {product} I bought a few years ago.",
        "Is the warranty on my old {device} still valid?",
        "I'm looking for the manual for a discontinued {product}.",
        "My old reference number from your previous system was {order}.",
    ],
];

#[rustfmt::skip]
pub const CUSTOMER_GENERIC: &[&str] = &[
    "I have attached a photo.",
    "Please let me know as soon as possible.",
    "I'm available on this number most afternoons.",
    "Thanks in advance for your help.", "I look forward to hearing from you.",
    "I tried calling but the wait was over 40 minutes.",
    "This is quite urgent for me.", "Sorry for the long email.", "My order number is {order}.",
    "I'm away from {date} so an email is best.",
];

/// Third-person summaries an agent writes into a work item's description.
#[rustfmt::skip]
pub const SUMMARY: &[&[&str]] = &[
    &[
        "Customer cannot log in and has not received the reset email.",
        "Account locked after several failed attempts.",
        "Customer changed phone number and no longer receives 2FA codes.",
        "Customer suspects someone else accessed the account.",
        "Reset link expires immediately when opened.",
    ],
    &[
        "Customer returned the {product} on {date} and is waiting for a refund of {amount}.",
        "Customer was charged twice for order {order}.",
        "Customer cancelled order {order} and wants a full refund.",
        "Refund promised on {date} has not arrived.",
        "Customer wants the delivery charge refunded after a late delivery.",
    ],
    &[
        "Customer unhappy with the handling of previous calls.",
        "Complaint about staff at the {branch} branch.",
        "Customer wants compensation for repeated delivery failures.",
        "Customer asked for a manager to call back.",
        "Promised callback never happened.",
    ],
    &[
        "Customer has moved and needs billing and delivery address updated.",
        "Order {order} needs re-routing to the new address.",
        "Invoice shows the old address.",
        "Customer moving in {month}; update from the 1st.",
    ],
    &[
        "Customer queries a charge of {amount} on invoice {invoice}.",
        "Direct debit went up without notice.",
        "Customer wants to move to annual billing on the {plan} plan.",
        "Payment failed for the {plan} plan.", "Needs a VAT invoice for {invoice}.",
    ],
    &[
        "Order {order} has not arrived; tracking shows delivered.",
        "Parcel arrived damaged.", "Wrong item received for order {order}.",
        "Customer needs to rebook a missed delivery.",
        "Courier could not find the address.",
    ],
    &[
        "Customer's {device} will not power on.",
        "Customer's {device} keeps restarting; factory reset did not help.",
        "Replacement {device} has the same fault.",
        "Item damaged on arrival.",
        "Battery fault reported, still under warranty.",
    ],
    &[
        "Customer wants to close the account and have their data deleted.",
        "Bereavement notification; family member asks to close the account.",
        "Customer moving abroad, closing account from {date}.",
        "Customer leaving for a cheaper deal.",
    ],
    &[
        "Customer asks about opening hours.", "Question about delivery to {branch}.",
        "Customer asks whether the {product} comes in other sizes.",
        "Question about click and collect.",
    ],
    &[
        "Migrated from the previous system.",
        "Warranty question about an old {device}.",
        "Customer quoted legacy reference {order}.",
    ],
];

#[rustfmt::skip]
pub const SUMMARY_CONTEXT: &[&str] = &[
    "Customer prefers contact by email.",
    "Customer has been with us since {year}.",
    "Best time to call is after 5pm.", "Customer was polite but frustrated.", "Second contact about this.",
    "Vulnerable customer flag checked; none.",
    "ID verified.", "Customer asked for updates by text.",
];

/// Sentences an agent writes to a customer.
#[rustfmt::skip]
pub const AGENT: &[&[&str]] = &[
    &[
        "I've sent a new password reset link to the email address on your account; it is valid for 24 hours.",
        "I have unlocked your account, so you should be able to sign in again now.",
        "For security reasons I've signed out all other sessions on your account.",
        "Please check your junk folder as our emails sometimes end up there.",
        "I've removed the old phone number from two-factor authentication so you can add your new one.",
        "Could you confirm the date of your last order so I can verify your identity?",
    ],
    &[
        "I have processed a refund of {amount}; it should reach your account within 3-5 working days.",
        "I can see the duplicate payment for order {order} and have reversed it.",
        "Our warehouse has confirmed they received the {product}, so your refund has been approved.",
        "The refund was issued on {date}; some banks take a few extra days to show it.",
        "Could you send me a copy of your bank statement showing both charges?",
        "I've refunded the delivery charge as a goodwill gesture.",
    ],
    &[
        "I'm sorry that you've had to contact us several times about this.",
        "I've passed your feedback to the {branch} branch manager.",
        "I have escalated your complaint to our customer relations team, who will reply within five working days.",
        "As a gesture of goodwill I've added a credit of {amount} to your account.",
        "I've listened to the call recording and I agree it wasn't handled as well as it should have been.",
        "Your complaint reference is {ref}.",
    ],
    &[
        "I've updated your address on our system.",
        "Order {order} will now be delivered to your new address.",
        "Your next invoice will show the new billing address.",
        "Could you confirm the postcode, please? The one you gave doesn't match our records.",
        "I've also updated your phone number as requested.",
    ],
    &[
        "The charge of {amount} is the pro-rata cost of upgrading to the {plan} plan part-way through the month.",
        "I've attached a copy of invoice {invoice} with the VAT shown separately.",
        "I've switched you to annual billing from your next renewal date.",
        "Your direct debit increased because the introductory discount ended in {month}.",
        "The payment was declined by your bank; please try again or use another card.",
        "I've cancelled the charge for {month} and you won't be billed again.",
    ],
    &[
        "I've opened an investigation with the courier; this usually takes up to 48 hours.",
        "I've arranged for a replacement to be sent by next-day delivery.",
        "I'm sorry the {product} arrived damaged; please keep it until the courier collects it.",
        "The courier has confirmed the parcel was left with a neighbour at number {n}.",
        "I've rebooked your delivery for {date}.",
        "Tracking shows order {order} is at the local depot and should be with you tomorrow.",
    ],
    &[
        "Please hold the power button for 30 seconds and then try again.",
        "I've booked a repair collection for {date}; please pack the {device} securely.",
        "As the {device} is still under warranty we'll replace it free of charge.",
        "Could you send a short video of the fault so our technicians can take a look?",
        "I've raised this with our technical team and will update you by {date}.",
        "A replacement {device} has been dispatched and a returns label is attached.",
    ],
    &[
        "I've closed your account and you won't be charged again.",
        "I'm sorry to hear of your loss; I've closed the account and stopped all payments.",
        "There is an outstanding balance of {amount}, which needs to be settled before I can close the account.",
        "Your personal data will be deleted within 30 days in line with our privacy policy.",
        "Before you go, I can offer you three months at half price on the {plan} plan.",
    ],
    &[
        "Our opening hours are 8am to 8pm Monday to Friday and 9am to 5pm on Saturdays.",
        "Yes, we deliver to {branch}; standard delivery takes 3-5 working days.",
        "You can choose click and collect at checkout.",
        "The {plan} plan includes phone support seven days a week.",
    ],
    &[
        "This enquiry was migrated from our previous system.",
        "I'm afraid the {product} has been discontinued, but I've attached the manual.",
        "Your old reference {order} has been linked to your account.",
    ],
];

#[rustfmt::skip]
pub const AGENT_GENERIC: &[&str] = &[
    "Thank you for getting in touch.",
    "Thanks for your patience while I looked into this.",
    "If you have any other questions, just reply to this email.",
    "Please quote {ref} if you contact us again about this.",
    "I'll keep this open for a few days in case you need anything else.",
    "Sorry for the delay in getting back to you.",
];

/// Internal notes, written the way agents write them.
#[rustfmt::skip]
pub const NOTES: &[&[&str]] = &[
    &[
        "Verified ID via DOB and postcode. Sent reset link.",
        "Account was locked after 5 failed attempts; unlocked.",
        "Customer still not receiving emails. Checked bounce log, mailbox full.",
        "Removed old mobile from 2FA at customer's request.",
        "Possible account takeover attempt, flagged to fraud team.",
    ],
    &[
        "Refund of {amount} approved by team lead.",
        "Duplicate payment confirmed in payments system, reversal raised.",
        "Return received at warehouse {date}. Refund processed.",
        "Chased finance again, refund batch runs Thursday.",
        "Customer asked for refund to original card, not store credit.",
    ],
    &[
        "Listened to call recording, agent did not offer callback. Feedback given.",
        "Escalated to customer relations.",
        "Offered {amount} goodwill credit, customer accepted.",
        "Customer unhappy with offer, wants to speak to a manager.",
        "Branch manager at {branch} contacted for statement.",
    ],
    &[
        "Customer confirmed new address; updated CRM.",
        "Postcode didn't validate, asked customer to confirm.",
        "Updated billing and delivery address. Order {order} re-routed.",
        "Proof of address received and checked.",
    ],
    &[
        "Explained pro-rata charge. Customer happy.",
        "Credit note raised for {amount}.",
        "Switched to annual billing from next renewal.",
        "Payment failed twice, card expired. Customer will update details online.",
        "Sent copy of invoice {invoice}.",
    ],
    &[
        "Courier investigation opened.",
        "Waiting on courier for proof of delivery.",
        "Replacement dispatched next day.", "Photo of damaged box received.",
        "Driver's GPS shows delivery to wrong street. Reshipping.",
    ],
    &[
        "Talked customer through reset, no change.",
        "Booked collection for repair.",
        "Warranty confirmed, purchased in {month}.",
        "Second fault on replacement unit. Escalated to second line.",
        "Engineer report: battery fault. Replacement approved.",
    ],
    &[
        "Retention offer made, declined.", "Account closed, final bill sent.",
        "Bereavement: death certificate received, account closed, payments stopped.",
        "Outstanding balance {amount} to be cleared before closure.",
    ],
    &[
        "Answered opening hours question.", "Pointed customer to the FAQ page.",
        "Checked stock for {product}.",
    ],
    &["Migrated from legacy CRM.", "No further action needed."],
];

#[rustfmt::skip]
pub const NOTES_GENERIC: &[&str] = &[
    "Called back, left voicemail.", "Called customer, no answer.", "Spoke to customer, all sorted.",
    "Emailed customer for more information.", "Waiting for customer reply.", "Reassigned to the right queue.",
    "Customer called to chase. Reassured them we're on it.",
    "Followed up, customer confirmed the issue is resolved.",
    "Closing as no reply after three reminders.",
    "Checked with team lead, ok to proceed.",
    "Customer prefers email, will update by email from now on.",
    "Sent holding reply.",
];

#[rustfmt::skip]
pub const GREETINGS_IN: &[&str] = &[
    "Hi,", "Hello,", "Hi there,", "Dear Sir or Madam,", "Good morning,", "Good afternoon,",
    "To whom it may concern,", "Hello support team,", "Hi team,",
];
/// Customer sign-offs: {first} / {full} are the sender's names.
#[rustfmt::skip]
pub const SIGNOFFS_IN: &[&str] = &[
    "Thanks,\n{first}", "Kind regards,\n{full}", "Many thanks,\n{first}", "Best wishes,\n{full}",
    "Cheers,\n{first}", "Regards,\n{full}", "Thank you,\n{full}",
];
#[rustfmt::skip]
pub const SIGNOFFS_OUT: &[&str] = &[
    "Kind regards,\n{agent}\nCustomer Support",
    "Best wishes,\n{agent_first}\nCaller Desk Support",
    "Many thanks,\n{agent_first}",
    "Regards,\n{agent}\nCustomer Support Team",
];

#[rustfmt::skip]
pub const SMS_OUT: &[&str] = &[
    "Hi {first}, we've updated your case {ref}. Reply to this message if you have any questions.",
    "Your parcel for order {order} is out for delivery today between 10:00 and 14:00.",
    "Reminder: your engineer appointment is on {date}. Reply YES to confirm.",
    "Your refund of {amount} has been processed.",
    "We tried to call you about {ref}. Please call us back on 020 7946 0000.",
    "Your verification code is {code}. It expires in 10 minutes.",
];
#[rustfmt::skip]
pub const SMS_IN: &[&str] = &[
    "Hi, any update on my refund?", "Yes that's fine thanks", "Can you call me after 5pm please",
    "Still no parcel", "YES", "Thanks for sorting that", "Is my order coming today?",
    "I've sent the photos by email", "Please call me back, can't talk now", "Ok thank you",
];
#[rustfmt::skip]
pub const CHAT_OPENERS_OUT: &[&str] = &[
    "Hi {first}, thanks for waiting.",
    "Hello {first}, you're chatting with {agent_first}.",
    "Thanks for your patience, {first}.",
    "Hi {first}, let me look into that for you.",
];
