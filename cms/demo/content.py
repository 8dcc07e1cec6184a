"""The demo content of the blog "Dialog och innovation": the seed post verbatim, more posts and the networks."""

import datetime

SEED_POST_TITLE = "Erfarenhetsutbyte – hur beställarnätverk kan driva innovation och samarbete"
SEED_POST_SLUG = "erfarenhetsutbyte-hur-bestallarnatverk-kan-driva-innovation-och-samarbete"

BLOG_PRESENTATION = (
    "Vi bloggar om spännande möten, workshoppar, seminarier och andra exempel som rör dialog "
    "och innovation i upphandling."
)

SEED_POST = {
    "title": SEED_POST_TITLE,
    "slug": SEED_POST_SLUG,
    "date": datetime.date(2019, 6, 20),
    "lead": (
        "Den 14 juni arrangerade Upphandlingsmyndigheten en erfarenhetsdag för dem som håller i och deltar i "
        "olika nätverk av beställare. Syftet var att ge dem möjlighet att utbyta erfarenheter om arbetssätt och upplägg."
    ),
    "tags": ["beställarnätverk", "innovation", "samarbete", "erfarenhetsutbyte"],
    "networks": ["bebo", "belok", "4s"],
    # The lead is the text's first paragraph; the body the rest, block by block.
    # ("read_more", text) links to the network index.
    "body": [
        ("paragraph", "Niklas Tideklev, strateg med inriktning på innovation på Upphandlingsmyndigheten var värd för "
         "rundabordssamtalet.<br/>– Fokus för dagen vara att diskutera möjligheter att driva utvecklingen kring "
         "innovation och samarbeten kopplat till upphandling."),
        ("paragraph", "Inger Ek, generaldirektör på Upphandlingsmyndigheten, hälsade alla välkomna och initierade "
         "samtalet genom att betona att beställarnätverk har en viktig del i att vara med och driva utvecklingen kring "
         "upphandling. Närvarande var representanter från de etablerade beställarnätverken BeBo, BeLok och 4S samt "
         "representanter från SKL och Naturvårdsverket som är med och initierar nya beställarnätverk."),
        ("paragraph", "Under dagen berördes flera samtalsämnen som är aktuella och viktiga för beställarnätverk, "
         "bland annat:"),
        ("bullet_list", [
            "Hur man initierar och faciliterar nätverk.",
            "Hur man skapar kompetens och kontinuitet.",
            "Hur man kan arbeta med gemensamma arbetssätt och metoder samt genomföra skarpa upphandlingar",
            "Hur den nya upphandlingslagstiftningen kan påverka beställarnätverken.",
        ]),
        ("paragraph", "Erfarenhetsutbytet resulterade i några gemensamma slutsatser om vad som är viktigt för att få "
         "ut tänkt effekt av beställarnätverkens samarbete."),
        ("paragraph", "– En aspekt är vikten av att det finns någon dedikerad organisation som kan hålla i processer "
         "samt driva och leda möten. En annan aspekt är att de som deltar i nätverken behöver ha ett tydligt mandat "
         "från sin organisation kring deras roll. Hur nätverken ska finansieras lyftes också fram som en avgörande "
         "faktor för att kunna nå framgång, berättar Niklas."),
        ("paragraph", "Beställarnätverk har stor potential att bidra till hållbara offentliga affärer. Det ger aktörer "
         "inom ett och samma område möjligheten att hitta nya och innovativt lösningar som kan bidra till "
         "samhällsutvecklingen.<br/>– Fler erfarenhetsutbyten kommer arrangeras löpande för att stärka existerande "
         "nätverk och skapa möjlighet för nya att skapas."),
        ("read_more", "Läs mer om beställarnätverk och exempel på projekt inom ramen för existerande nätverk här"),
    ],
}

AUTHORS = [
    {"name": "Niklas Tideklev", "role": "strateg med inriktning på innovation"},
    {"name": "Karin Lund", "role": "upphandlingsjurist"},
]

MORE_POSTS = [
    {
        "title": "Workshop om innovationsupphandling i kommunerna",
        "slug": "workshop-om-innovationsupphandling-i-kommunerna",
        "date": datetime.date(2019, 9, 12),
        "author": "Niklas Tideklev",
        "lead": "Ett trettiotal upphandlare från kommuner i hela landet samlades för att pröva nya sätt att "
                "beskriva behov i stället för lösningar.",
        "text": "Under workshoppen arbetade deltagarna i grupper med verkliga behov från sina egna verksamheter. "
                "Flera grupper konstaterade att tidig dialog med leverantörer gav bättre förfrågningsunderlag.",
        "tags": ["innovation", "workshop", "kommuner"],
        "networks": [],
    },
    {
        "title": "BeBo och energieffektiva flerbostadshus",
        "slug": "bebo-och-energieffektiva-flerbostadshus",
        "date": datetime.date(2020, 2, 4),
        "author": None,
        "lead": "Bostadsbolagen i BeBo har tillsammans tagit fram krav som gör det lättare att köpa energieffektiv "
                "teknik till flerbostadshus.",
        "text": "Genom teknikupphandlingar har nätverket visat att gemensamma kravspecifikationer sänker trösklarna "
                "för nya lösningar. Finansieringen kommer från medlemmarna och Energimyndigheten.",
        "tags": ["energi", "beställarnätverk", "bostäder"],
        "networks": ["bebo"],
    },
    {
        "title": "Seminarium: dialog före upphandling",
        "slug": "seminarium-dialog-fore-upphandling",
        "date": datetime.date(2020, 10, 15),
        "author": "Karin Lund",
        "lead": "Hur långt får en upphandlande organisation gå i dialogen med marknaden innan annonseringen? "
                "Seminariet gav konkreta råd.",
        "text": "Dialog före upphandling är tillåten och ofta nödvändig. Det viktiga är att behandla leverantörer "
                "lika och att dokumentera vad som sägs.",
        "tags": ["dialog", "seminarium", "juridik"],
        "networks": [],
    },
    {
        "title": "BeLok visar vägen för lokaler med låg energianvändning",
        "slug": "belok-visar-vagen-for-lokaler-med-lag-energianvandning",
        "date": datetime.date(2021, 3, 9),
        "author": None,
        "lead": "Fastighetsägarna i BeLok delar erfarenheter av totalrenoveringar som halverat energianvändningen.",
        "text": "Nätverket har under många år drivit utvecklingen av energieffektiva lokaler. Medlemmarna har ett "
                "tydligt mandat från sina organisationer att pröva nya metoder.",
        "tags": ["energi", "beställarnätverk", "lokaler"],
        "networks": ["belok"],
    },
    {
        "title": "4S samlar sjukhusen kring innovativa lösningar",
        "slug": "4s-samlar-sjukhusen-kring-innovativa-losningar",
        "date": datetime.date(2022, 5, 23),
        "author": "Niklas Tideklev",
        "lead": "Beställargruppen för sjukhus och vårdbyggnader arbetar med gemensamma krav för hållbara "
                "och energieffektiva vårdmiljöer.",
        "text": "Regionerna i 4S har genomfört flera gemensamma upphandlingar. Erfarenheterna visar att kompetens "
                "och kontinuitet i nätverket är avgörande.",
        "tags": ["vård", "beställarnätverk", "innovation"],
        "networks": ["4s"],
    },
    {
        "title": "Så startar ni ett nytt beställarnätverk",
        "slug": "sa-startar-ni-ett-nytt-bestallarnatverk",
        "date": datetime.date(2023, 11, 2),
        "author": "Karin Lund",
        "lead": "Fem steg för den som vill samla beställare kring ett gemensamt behov: från första möte till "
                "skarpa upphandlingar.",
        "text": "Börja med ett tydligt behov, hitta en organisation som kan facilitera, säkra finansiering, ge "
                "deltagarna mandat och planera för kontinuitet.",
        "tags": ["beställarnätverk", "samarbete", "vägledning"],
        "networks": ["bebo", "belok", "4s"],
    },
]

NETWORKS = [
    {
        "slug": "bebo",
        "title": "Energimyndighetens beställargrupp för bostäder",
        "acronym": "BeBo",
        "description": "<p>BeBo är ett nätverk av fastighetsägare med flerbostadshus som arbetar för "
                       "energieffektiva och hållbara bostäder.</p>",
        "sector": "Bostäder",
        "organisation": "Energimyndigheten",
        "financing": "Medlemsavgifter och stöd från Energimyndigheten.",
        "mandate": "Deltagarna är utsedda av sina bostadsbolag och har mandat att pröva ny teknik i egna fastigheter.",
        "contact_person": "Anna Berg",
        "website": "https://www.bebostad.se/",
        "founded_year": 1989,
        "members": ["Familjebostäder", "HSB", "Riksbyggen", "Stockholmshem"],
        "projects": [
            ("Teknikupphandling av värmeåtervinning", 2016, "Lösningar för värmeåtervinning ur frånluft."),
            ("Energieffektiva tvättstugor", 2012, "Krav på tvättutrustning med låg energianvändning."),
        ],
    },
    {
        "slug": "belok",
        "title": "Energimyndighetens beställargrupp för lokaler",
        "acronym": "BeLok",
        "description": "<p>BeLok samlar Sveriges största fastighetsägare av lokaler för att minska "
                       "energianvändningen i lokalbyggnader.</p>",
        "sector": "Lokaler",
        "organisation": "Energimyndigheten",
        "financing": "Medlemmarnas egna insatser och projektstöd från Energimyndigheten.",
        "mandate": "Medlemmarna deltar med mandat från ledningen att genomföra demonstrationsprojekt.",
        "contact_person": "Per Svensson",
        "website": "https://www.belok.se/",
        "founded_year": 2001,
        "members": ["Akademiska Hus", "Vasakronan", "Specialfastigheter", "Locum"],
        "projects": [
            ("Totalmetodiken", 2010, "En metod för att genomföra lönsamma energieffektiviseringar."),
            ("Belysning i kontor", 2014, "Krav på närvarostyrd och energisnål belysning."),
        ],
    },
    {
        "slug": "4s",
        "title": "Sjukhusens och vårdbyggnadernas beställargrupp",
        "acronym": "4S",
        "description": "<p>4S är ett nätverk för regioner och fastighetsägare med sjukhus och vårdbyggnader "
                       "som arbetar för hållbara vårdmiljöer.</p>",
        "sector": "Vård",
        "organisation": "Sveriges regioner i samverkan",
        "financing": "Finansieras av deltagande regioner.",
        "mandate": "Representanterna har uppdrag från sina regioners fastighetsförvaltningar.",
        "contact_person": "Lena Holm",
        "website": "https://www.4s.nu/",
        "founded_year": 2008,
        "members": ["Region Stockholm", "Västra Götalandsregionen", "Region Skåne"],
        "projects": [
            ("Energieffektiva operationssalar", 2018, "Ventilation efter behov i operationssalar."),
        ],
    },
]

# Comments on the seed post, so a newcomer's moderation queue has work in it: an approved thread with the
# editors' reply, one pending comment and one the first pass flagged (a phone number). Senders are fictional,
# their addresses on example.se and their IPs from the documentation range (RFC 5737).
DEMO_STAFF_USERNAME = "demo-redaktionen"
DEMO_COMMENTS = {
    "approved": {
        "name": "Karin Lind", "email": "karin.lind@example.se", "ip": "192.0.2.10",
        "text": "Tack för en bra sammanfattning! Vi i vår kommun funderar på att gå med i ett beställarnätverk. "
                "Hur mycket tid brukar det ta för en medlem?",
    },
    "staff_reply": (
        "Tack Karin! Det varierar, men räkna med ett par träffar per termin och lite arbete mellan dem. "
        "Hör gärna av dig till nätverkets samordnare för att veta mer."
    ),
    "pending": {
        "name": "Omar Said", "email": "omar.said@example.se", "ip": "192.0.2.11",
        "text": "Finns det exempel på hur mindre kommuner har finansierat sitt deltagande?",
    },
    "flagged": {
        "name": "Per Ek", "email": "per.ek@example.se", "ip": "192.0.2.12",
        "text": "Intressant! Ring mig gärna på 070-123 45 67 så berättar jag om våra erfarenheter.",
    },
}
