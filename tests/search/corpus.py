"""Realistic posts added to the demo for the search tests (and the judged relevance set)."""

import datetime

EXTRA_POSTS = [
    {
        "slug": "fossilfria-transporter-i-upphandling",
        "title": "Krav på fossilfria transporter i offentlig upphandling",
        "date": datetime.date(2022, 9, 14),
        "lead": "Regionerna ställer allt oftare krav på fossilfria bränslen när de köper transporttjänster. "
                "Vi har pratat med tre upphandlare om hur kraven följs upp.",
        "body": ["Biogas, HVO och el är de vanligaste alternativen. Uppföljningen av kraven sker genom "
                 "stickprov och rapporter från leverantörerna.",
                 "Flera regioner samordnar numera sina transportupphandlingar för att få bättre villkor."],
        "tags": ["transporter", "klimat", "uppföljning"],
        "networks": [],
    },
    {
        "slug": "innovationspartnerskap-steg-for-steg",
        "title": "Innovationspartnerskap steg för steg",
        "date": datetime.date(2021, 11, 30),
        "lead": "Förfarandet innovationspartnerskap gör det möjligt att utveckla och köpa en lösning som inte "
                "finns på marknaden. Så här gick Trafikverket tillväga.",
        "body": ["Partnerskapet delas in i faser med tydliga delmål. Den upphandlande myndigheten kan avbryta "
                 "efter varje fas om resultatet inte håller.",
                 "Immateriella rättigheter behöver regleras redan i förfrågningsunderlaget."],
        "tags": ["innovation", "förfaranden", "juridik"],
        "networks": [],
    },
    {
        "slug": "cirkulara-mobler-i-kommunerna",
        "title": "Cirkulära möbler i kommunerna",
        "date": datetime.date(2023, 4, 18),
        "lead": "Återbrukade kontorsmöbler sparar både pengar och klimatutsläpp. Tre kommuner berättar om sina "
                "ramavtal för renovering och återbruk.",
        "body": ["Möbelinventeringen visade att hälften av stolarna kunde renoveras. Avtalen kräver att "
                 "leverantören i första hand erbjuder begagnade möbler."],
        "tags": ["cirkulär ekonomi", "återbruk", "kommuner"],
        "networks": [],
    },
    {
        "slug": "digital-dialog-med-leverantorer",
        "title": "Digitala verktyg för dialog med leverantörer",
        "date": datetime.date(2024, 1, 25),
        "lead": "Webbinarier, enkäter och digitala leverantörsträffar gör marknadsdialogen snabbare och mer "
                "jämlik mellan stora och små företag.",
        "body": ["Små företag deltar oftare när dialogen sker digitalt. Alla frågor och svar publiceras så att "
                 "ingen leverantör får ett försprång."],
        "tags": ["dialog", "digitalisering", "leverantörer"],
        "networks": [],
    },
    {
        "slug": "narproducerade-livsmedel-i-skolmaten",
        "title": "Närproducerade livsmedel i skolmaten",
        "date": datetime.date(2022, 2, 8),
        "lead": "Hur kan en kommun gynna lokala producenter utan att bryta mot likabehandlingsprincipen? "
                "Svaret ligger i kraven på djurskydd, färskhet och leveranser.",
        "body": ["Genom att dela upp livsmedelsupphandlingen i mindre delar kan mindre gårdar lämna anbud. "
                 "Skolköken får färskare råvaror och kortare transporter."],
        "tags": ["livsmedel", "skola", "kommuner"],
        "networks": [],
    },
    {
        "slug": "ventilation-i-operationssalar",
        "title": "Behovsstyrd ventilation sparar energi i operationssalar",
        "date": datetime.date(2021, 6, 3),
        "lead": "Regionerna i 4S har testat ventilation som anpassas efter om salen används. Energibesparingen "
                "blev över fyrtio procent.",
        "body": ["Luftflödet sänks nattetid och när salen står tom. Vårdhygienen påverkas inte enligt "
                 "mätningarna."],
        "tags": ["energi", "vård", "ventilation"],
        "networks": ["4s"],
    },
    {
        "slug": "lagandringar-2022-for-upphandlare",
        "title": "Lagändringarna 2022 – det här behöver upphandlare veta",
        "date": datetime.date(2022, 1, 12),
        "lead": "Nya regler i lagen om offentlig upphandling ger större frihet vid upphandlingar under "
                "tröskelvärdena och tydligare regler om uteslutning av leverantörer.",
        "body": ["Direktupphandlingsgränsen höjdes och det blev lättare att använda förhandlat förfarande. "
                 "Upphandlingsmyndigheten har tagit fram en vägledning."],
        "tags": ["juridik", "lagstiftning", "LOU"],
        "networks": [],
    },
    {
        "slug": "solceller-pa-hyreshus",
        "title": "Solceller på hyreshusens tak",
        "date": datetime.date(2023, 8, 21),
        "lead": "Bostadsbolagen i BeBo har gemensamt upphandlat solcellsanläggningar till flerbostadshus. "
                "Samordningen halverade kostnaden per kilowatt.",
        "body": ["Solcellsanläggningarna dimensioneras efter fastighetens egen elanvändning. Överskottet säljs "
                 "till elnätet."],
        "tags": ["energi", "solceller", "bostäder"],
        "networks": ["bebo"],
    },
    {
        "slug": "hallbara-it-inkop",
        "title": "Hållbara it-inköp med sociala krav",
        "date": datetime.date(2020, 5, 19),
        "lead": "Datorer och mobiltelefoner tillverkas ofta under svåra arbetsvillkor. Med sociala krav i "
                "avtalen kan en myndighet påverka leverantörskedjan.",
        "body": ["Uppförandekoden följs upp med revisioner i fabrikerna. Arbetsrättsliga villkor gäller hela "
                 "leverantörskedjan."],
        "tags": ["it", "sociala krav", "hållbarhet"],
        "networks": [],
    },
    {
        "slug": "bestallarsamverkan-vagunderhall",
        "title": "Bestallarsamverkan kring vägunderhåll",
        "date": datetime.date(2024, 3, 5),
        # Written without å, ä and ö, as it sometimes happens: exact spelling must still rank above it.
        "lead": "Kommunerna bildade ett bestallarnatverk for vagunderhall och delar nu erfarenheter av "
                "beläggningsarbeten.",
        "body": ["Samverkan ger jamforbara anbud och gemensamma krav pa asfaltens livslangd."],
        "tags": ["vägar", "samverkan"],
        "networks": [],
    },
]
