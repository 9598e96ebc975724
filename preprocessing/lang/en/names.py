"""People's names and the words around them.

Owns the titles and ranks stripped from a person's name, the role nouns that follow one
("X, chairman of …"), the words that make a capitalised run an organisation or a place instead,
common East Asian family names, the descriptor nouns that stand for a person ("the North Korean
leader"), and the small words that may sit inside a long name or between names.
"""

# Titles, ranks and honorifics: never part of a person's name.
TITLES = frozenset("""
president presidents vice prime premier minister ministers secretary secretary-general spokesperson
spokesman spokeswoman chairman chairwoman chair chancellor ambassador envoy director chief deputy
leader judge justice prosecutor commissioner adm adm. admiral gen gen. general generals marshal
marshals col col. colonel lt lt. lieutenant maj maj. major capt capt. captain sgt sgt. sergeant cmdr
cmdr. commander commodore brig brig. brigadier cpl cpl. corporal pvt pvt. private dr dr. mr mr. mrs
mrs. ms ms. mx mx. sen sen. senator rep rep. representative gov gov. governor mayor king queen
prince princess emperor empress sheikh sir dame lord lady pope cardinal archbishop bishop rev rev.
reverend pontiff rabbi imam ayatollah professor prof prof. ceo comrade supreme officer detective inspector
mp mep attorney baroness baron councillor conductor coach manager
striker midfielder defender goalkeeper winger skipper songwriter actor actress rapper guitarist
drummer novelist
""".split())

# Nouns that name a role when they follow a name after a comma ("X, chairman of …").
ROLE_NOUNS = frozenset("""
chairman chairwoman chair spokesperson spokesman spokeswoman minister president director leader head
chief official secretary ambassador envoy commander general analyst fellow professor founder editor
correspondent aide adviser advisor lawmaker senator governor mayor deputy researcher expert executive
ceo premier chancellor admiral marshal colonel lieutenant captain
""".split())

# Words that make a capitalised sequence an organisation, a facility or a place, not a person.
NON_NAME_WORDS = frozenset("""
ministry department council agency party army navy force forces guard committee commission company
co co. corp corp. corporation inc inc. ltd ltd. group bank university institute school college
association union news times post daily journal herald press television tv radio network service
services office bureau court parliament assembly congress senate government administration
foundation fund organization organisation alliance league club team airlines airways international
federation authority board center centre museum church hospital station airport port cosmodrome
spaceport factory plant fleet command house kremlin state states republic kingdom united nations
cabinet river lake sea ocean bay gulf island islands mountain mountains mount peninsula province
region city county district street road avenue square bridge park valley desert coast strait canal
east west north south central far near middle northern southern eastern western world global
rovers wanderers athletic albion hotspur rangers forest
""".split())

# Common East Asian family names as romanised in English-language news (Korean, Chinese, Vietnamese).
EAST_ASIAN_SURNAMES = frozenset("""
Kim Lee Yi Ri Rhee Park Pak Bak Choi Choe Jung Jeong Chung Jong Kang Cho Jo Yoon Yun Jang Chang Lim
Im Rim Han Oh Seo Shin Sin Kwon Hwang Ahn An Hong Jeon Jon Chon Ko Koh Moon Mun Yang Bae Baek Paek
Heo Yoo Yu Nam Noh Ro Kwak Cha Joo Ju Min Ryu Hyon Hyun Kye Thae Wang Li Zhang Liu Chen Huang Zhao
Wu Zhou Xu Sun Zhu Hu Guo Gao Lin Luo Zheng Liang Xie Tang Xi Feng Deng Cao Peng Zeng Xiao Tian Dong
Pan Yuan Cai Jiang Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Qin Jin Fang Dai Tan Bai Wen Lai Hou
Kong Mao Qian Qiu Shi Xue Yan Duan Lei Hao Nguyen Tran Pham Hoang Phan Vu Vo Dang Bui Ngo Duong
""".split())

# A portfolio or service word before a title belongs to the title ("Defense Minister", "Navy Adm."),
# though the model often tags it ORG on its own.
PORTFOLIO_WORDS = frozenset("""
defense defence foreign finance interior home justice trade health education energy agriculture
economy transport labor labour culture environment cabinet unification navy army air marine marines
""".split())

# Head nouns of a descriptor that stands for a person ("the North Korean leader", "the Russian
# president"): an actor without a name, and a title next to a name ("…, the Russian president").
TITLE_NOUNS = frozenset({
    "leader", "president", "minister", "premier", "chancellor", "secretary", "spokesperson", "spokesman",
    "spokeswoman", "chairman", "chairwoman", "chair", "king", "queen", "prince", "envoy", "ambassador",
    "general", "marshal", "commander", "chief", "head", "governor", "mayor", "senator", "official",
    "dictator", "emperor", "pope", "director", "adm.",
})

# Lowercase words a long name may hold without giving them a letter of its acronym.
ACRONYM_GLUE = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "&", "'s", "'", "-",
                          "to", "at"})

# Words that join two names the model ran into one span ("Arsenal or Sheffield United", "X v Y"):
# such a span is no longer form of either name.
NAME_PAIR_JOINERS = frozenset({"or", "to", "v", "vs", "v.", "vs.", "versus", "with"})

# Words a byline may hold between the names it credits ("By Jane Example and John Doe in Seoul").
BYLINE_JOINERS = frozenset({"and", "&", "|", "in", "of", "the", "for", "at", "-", "–", "—"})


# Transliteration variants of one name (Russian, Korean, … into English), folded into one person per
# corpus: inner spellings, then word endings (longest first), applied to each lowercased word.
# "Aleksandr"/"Alexandr"/"Alexander", "Sergey"/"Sergei", "Dmitry"/"Dmitri", "Yuriy"/"Yuri".
TRANSLIT_INNER = (("ks", "x"), ("kh", "h"))
TRANSLIT_ENDINGS = (("iy", "i"), ("ey", "ei"), ("dr", "der"), ("y", "i"))
# In a name led by an East Asian family name, short given-name syllables romanised with either vowel
# ("Choe Son Hui" / "Choe Sun Hui"); applied to words of at most four letters after the family name.
EAST_ASIAN_VOWEL_FOLDS = (("u", "o"), ("eo", "o"))
# Lowercase class nouns that make the name right after them a thing, not a person ("the frigate
# Shaposhnikov", "the carrier Kuznetsov", "a Zircon missile" is the model's PRODUCT already).
THING_CLASS_NOUNS = frozenset("""
frigate destroyer cruiser corvette submarine warship vessel ship boat carrier icebreaker tanker freighter
yacht ferry missile rocket satellite spacecraft probe launcher tank howitzer drone aircraft jet
""".split())

# ---- words that show a PERSON span is no person (the corrector's _not_a_person rules) ----
# Verb-like words of a Title Case headline ("Putin Meets Kim", "Kim Russia Visit"): a span the model ran
# across one is two names or none, never one person.
HEADLINE_VERBS = frozenset("""
meet meets met visit visits visited arrive arrives arrived leave leaves left head heads tour tours toured
inspect inspects inspected host hosts hosted hold holds held sign signs signed welcome welcomes welcomed
greet greets greeted land lands landed depart departs return returns returned end ends begin begins
start starts vow vows warn warns urge urges say says said seek seeks agree agrees pledge pledges
talk talks trip trips summit tells told calls called hails hailed praises praised wraps wrapped
""".split())

# Capitalised head nouns of a facility: a name ending in one, or followed by one, is the facility
# ("Hasan Station", "Vostochny Cosmodrome", "Kim Il Sung Square").
FACILITY_HEADS = frozenset("""
station cosmodrome spaceport airport airfield airbase square castle palace stadium arena cathedral
mosque temple monastery church tower bridge shipyard museum university hospital plant factory base
""".split())

# Diseases and their agents, which the small model reads as names ("recovered from Covid").
DISEASE_WORDS = frozenset("""
covid covid-19 covid19 coronavirus sars sars-cov-2 mers ebola zika mpox monkeypox malaria cholera dengue
measles influenza polio tuberculosis hiv aids omicron anthrax
""".split())

# Nouns that say the name beside them is a news outlet ("Interfax news agency", "the broadcaster RTS").
OUTLET_NOUNS = frozenset("""
agency agencies news outlet outlets broadcaster broadcasters newspaper newspapers daily tabloid channel
network television tv wire radio newswire magazine website
""".split())

# Lowercase words a personal name may hold ("Ursula von der Leyen", "Ahmed bin Ali").
NAME_PARTICLES = frozenset("""
von van der den de du da di la le bin ibn al el dos das del della ter ten
""".split())

# Place-class nouns before "of" ("the town of X") or after a name ("the X and Y regions"): X is a place.
PLACE_CLASS_NOUNS = frozenset("""
city cities town towns village villages island islands region regions province provinces port state
states district districts county counties republic capital
""".split())

# A demonym is a place name with one of these endings ("Timorese", "Papua New Guinean"): (ending, what
# replaces it to give the place), tried in order.
DEMONYM_ENDINGS = (("ese", ""), ("ese", "a"), ("ean", "ea"), ("ian", "ia"), ("an", "a"), ("ish", ""), ("i", ""))
