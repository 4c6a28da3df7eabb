"""The seeds' minutes re-entered as their authors wrote them in a word processor.

``LOIRE_ATLANTIQUE_2023`` is the text of ``shared/seeds/003`` (CLUAC of 7 September 2023) with its
real structure: the letterhead and the motto, headings, bold speaker names with nested answers,
links, the signature; plus what the seed's extraction lost and the paper had: a table of the
indicators presented (targets and results, as the slides gave them), a chart, and the annex 1
« liste des participants » as a table.

``ESSONNE_2020`` is ``shared/seeds/004`` (first CLU, 16 October 2020) with its layout noise: label
lines in capitals, values on the next line, bullets typed by hand (« », « • », « – », « → »),
doubled spaces from justified text, a sentence broken over two paragraphs.

``CHATEAUBRIANT_2024`` is a sub-prefecture's minutes in the same layout, for the participant
lists the seeds' extractions left out: « Étaient présents » in groups (associations, professionals,
State services), « Étaient excusés » with named and unnamed representatives, « Assistaient
également », « Absents », and contact data that must not survive.
"""

import io

from PIL import Image, ImageDraw

from .builders import BR, PAGE, B, H, I, Img, Item, L, Link, P, PageFooter, PageHeader, T


def chart_png(width=320, height=180):
    """A small bar chart, as pasted from the slides."""
    picture = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(picture)
    for index, (bar, colour) in enumerate([(140, "#000091"), (40, "#e1000f"), (20, "#666666")]):
        pen.rectangle([30 + index * 90, height - 10 - bar, 90 + index * 90, height - 10], fill=colour)
    output = io.BytesIO()
    picture.save(output, "PNG")
    return output.getvalue()


def marianne_png():
    picture = Image.new("RGB", (120, 60), "white")
    pen = ImageDraw.Draw(picture)
    pen.rectangle([0, 0, 40, 60], fill="#000091")
    pen.rectangle([80, 0, 120, 60], fill="#e1000f")
    output = io.BytesIO()
    picture.save(output, "PNG")
    return output.getvalue()


LA_OBJECTIVES = [
    "Permettre aux usagers de mieux comprendre le fonctionnement de l'administration territoriale "
    "de l'ÉTAT(ATE)",
    "Présenter le bilan des actions mises en œuvre pour assurer la qualité de l'accueil et du service rendu",
    "Aider les services de l'État à s'améliorer en prenant en compte les observations et les suggestions "
    "des usagers(exemple : l'année dernière, le CLU a demandé la traduction des accusés réception : c'est "
    "désormais le cas pour l'asile ou de simplifier les courriers : travail mené tout au long de l'année "
    "et inscrit dans une fiche procédure)",
    "Associer aux décisions locales les parties prenantes du périmètre de l'ATE (représentants des "
    "usagers, élus de proximité et agents) pour établir un plan d'actions centré sur l'amélioration de "
    "l'expérience des usagers et de la qualité de services.",
]

LA_INDICATORS = [
    ["Indicateur", "Cible", "Résultat 2022", "Position"],
    ["Taux de satisfaction des usagers de l'accueil physique", "≥ 80 %", "91 %", "Au-dessus de la cible"],
    ["Délai de réponse aux courriels", "5 jours ouvrés", "5 jours ouvrés", "À la limite de la cible"],
    ["Taux de décroché du standard téléphonique", "≥ 85 %", "78 %", "En dessous de la cible"],
    ["Délai de délivrance des titres de séjour", "≤ 60 jours", "52 jours", "Au-dessus de la cible"],
]

LA_PARTICIPANTS = [
    ["Nom", "Fonction", "Organisme"],
    ["M. Pascal OTHEGUY", "Secrétaire général", "Préfecture de la Loire-Atlantique"],
    ["M. Marc MAKLOUF", "Sous-préfet de Châteaubriant-Ancenis", "Sous-préfecture de Châteaubriant-Ancenis"],
    ["M. Mathieu BATARD", "Directeur départemental des territoires et de la mer", "DDTM"],
    ["Mme Aurélie MADELIN", "Chargée de mission modernisation et performance, référente Qualité", "SGCD"],
    ["Mme Patricia DUFOUR", "Cheffe de service relation usagers", "Préfecture de la Loire-Atlantique"],
    ["Mme Lucie GAUNE", "", "Diaconat Nantes"],
    ["Mme Fabienne PROSLIE", "", "AFOC 44"],
]

LOIRE_ATLANTIQUE_2023 = [
    PageHeader([Img(marianne_png(), alt="", filename="marianne.png", width_cm=2)]),
    PageFooter(
        [
            P(
                "Préfecture de la Loire-Atlantique – 6 quai Ceineray – 44035 NANTES Cedex 1 – "
                "Tél : 02 40 41 20 20 – www.loire-atlantique.gouv.fr"
            )
        ]
    ),
    H(1, "PRÉFET DE LA LOIRE- ATLANTIQUE"),
    P(I("Liberté"), BR, I("Égalité"), BR, I("Fraternité")),
    P("Nantes, le 15 septembre 2023"),
    P("Affaire suivie par Aurélie Madelin"),
    H(3, "COMPTE-RENDU"),
    H(4, "à Mesdames, Messieurs les participants"),
    P(B("Objet : Comité local des usagers pour l'amélioration continue du 7 septembre 2023")),
    P(B("PJ : Liste des participants, présentations")),
    H(4, "Préambule"),
    P(
        "Pascal OTHEGUY, le Secrétaire général de la préfecture, ouvre la séance à 10h et remercie les "
        "participants de leur présence à ce Comité Local des Usagers pour l'Amélioration Continue (CLUAC)."
    ),
    P("Il rappelle les 4 objectifs de ce CLUAC :"),
    L(*LA_OBJECTIVES),
    P(
        "Pascal Otheguy annonce que ce CLUAC est le dernier qu'il présidera et présente son successeur "
        "pour cette mission Marc Maklouf, sous préfet de Châteaubriant-Ancenis désigné récemment "
        "sous-préfet en charge des services publics en Loire-Atlantique."
    ),
    P(
        "Après un tour de table (Annexe 1 - liste des participants), il présente les deux démarches "
        "qualité : Qual-e-Pref et Services Publics +. (Annexe 2 - présentation du diaporama – p.03) et "
        "explique que ce CLUAC est désormais élargi à l'ensemble de l'administration territoriale de "
        "l'État (ATE) placée sous l'égide du préfet : préfecture + DDI (DDTM, DDETS et DDPP)"
    ),
    P(
        "Il annonce l'ordre du jour (Annexe 2 : présentation du diaporama - p.04) et donne la parole à "
        "Mathieu Batard, directeur départemental des territoires et de la mer qui accueille ce CLUAC "
        "pour la première fois et présente les missions de sa direction (Annexe 2 - présentation du "
        "diaporama - p.04 à 08)"
    ),
    H(4, "Nos résultats – A votre écoute pour progresser"),
    P(
        "Aurélie Madelin, chargée de mission modernisation et performance, référente Qualité au "
        "Secrétariat général commun départemental (SGCD), présente :"
    ),
    L(
        "les indicateurs des 2 démarches Services Publics + et Qual-e-Pref en précisant que la démarche "
        "SP + a vraiment pris de l'ampleur en 2023 et que les premiers résultats seront réellement "
        "visibles lors du prochain CLUAC",
        Item(
            "le bilan annuel 2022 Qual-e-Pref disponible dans sa version complète sur le site ",
            Link("www.loire-atlantique.gouv.fr", "http://www.loire-atlantique.gouv.fr"),
            " (rubrique publications/ Nos démarches qualité / Qual-e-Pref / bilans annuels) :",
            children=L(
                "les résultats (22 indicateurs : 14 au-dessus de la cible, 4 à la limite et 2 en dessous)",
                "les 5 enquêtes de satisfaction",
                "Le plan d'actions et les perspectives (Annexe 2 - présentation du diaporama - p.09 à 32)",
            ),
        ),
    ),
    T(LA_INDICATORS),
    Img(
        chart_png(), alt="Résultats 2022 : 14 indicateurs au-dessus de la cible, 4 à la limite, 2 en dessous"
    ),
    H(2, "Échanges avec les membres du CLUAC"),
    L(
        Item(
            B("Lucie Gaune, diaconat Nantes"),
            " s'étonne du peu de fréquentation du Point d'accueil numérique de Nantes (PAN) alors même que "
            "celui-ci pourrait être utile pour les démarches étrangers.",
            children=L(
                Item(
                    B("Patricia Dufour, cheffe de service relation usagers"),
                    " précise que le PAN est réservé à l'accompagnement des démarches liées à l'ANTS (carte "
                    "grise, permis de conduire, titres d'identité). Le nombre de 263 usagers correspond aux "
                    "nombres de personnes ayant répondu à l'enquête de satisfaction. Il existe un PAN "
                    "spécifiquement dédié aux étrangers pour leur démarche naturalisation et séjour.",
                ),
                Item(
                    B("Guillaume Frouin, adjoint à la directrice des migrations et de l'immigration"),
                    " explique la complexité à recruter des services civiques pour ces 2 PAN, la solution "
                    "étant sans doute de communiquer plus sur ces recrutements.",
                ),
                Item(
                    B("Maureen Le Guennic, cheffe du bureau du séjour,"),
                    " explique que le centre contact citoyen - DGEF - Étrangers en France a également "
                    "vocation à répondre aux questions liées au séjour, à la naturalisation, aux "
                    "autorisations de travail... (NDLR : soit via le ",
                    Link(
                        "formulaire de contact en ligne", "https://www.contact-demarches.interieur.gouv.fr/"
                    ),
                    ", soit au numéro 0806 001 620 /appel gratuit)",
                ),
                Item(
                    B("Pascal Otheguy"),
                    " ajoute que les agents titulaires sont affectés en priorité sur le traitement de "
                    "dossiers en back office et qu'effectivement le besoin est criant de services civiques "
                    "pour compléter la mission d'accueil.",
                ),
            ),
        ),
        Item(
            B("Fabienne Proslie de l'AFOC 44"),
            " demande des précisions sur le service civique :",
            children=L(
                Item(
                    B("Patricia Dufour"),
                    " indique que le service civique n'est pas un stage, ni du bénévolat, ni même un emploi "
                    "salarié, c'est un engagement volontaire pour une durée de 6 à 12 mois, ouvert à ",
                    B("tous les jeunes"),
                    " de 16 à 25 ans, jusqu'à 30 ans en ",
                    B("situation de handicap"),
                    ". Le service civique à la préfecture a pour mission d'accueillir, orienter et "
                    "d'accompagner les usagers dans leurs démarches à l'utilisation des outils numériques.",
                ),
                Item(
                    B("Pascal Otheguy"),
                    " précise que la Loire-Atlantique est un territoire dynamique, très attractif, avec "
                    "beaucoup de jeunes et nous avons un taux de chômage très faible de l'ordre de 5 %. On "
                    "frôle quasi le plein emploi et la conséquence, comme beaucoup d'autres employeurs, "
                    "c'est que nous avons des difficultés à recruter.",
                ),
            ),
        ),
    ),
    H(2, "La communication des services de l'État"),
    P(
        "Anne-Sophie Legros, adjointe à la cheffe du service régional de la communication "
        "interministérielle, présente la stratégie de communication des services de l'État (Annexe 2 - "
        "présentation du diaporama - p.33 à 42) et notamment les 3 canaux de communication (site "
        "Internet, relations presse et réseaux sociaux). Elle incite les associations à s'abonner aux "
        "réseaux sociaux des services de l'État (Facebook, Twitter, LinkedIn) et particulièrement au "
        "compte twitter qui permet d'avoir une information courte / rapide / fiable et en temps réel sur "
        "les services de l'État (notamment en situation de crise)."
    ),
    H(2, "Nos démarches administratives"),
    P(
        B(
            "Les membres du CLUAC ont travaillé, en groupes, sur 7 cas pratiques de démarches "
            "administratives :"
        ),
        " Cas n° 1 / Demande de la nationalité française ; cas n° 2 / Changer l'adresse du siège social de "
        "votre association, cas n° 3 / Obtention de renseignement pour un permis de construire ; cas n° 4 "
        ": Réglementation pour utiliser un drone (usager personnel) ; cas n° 5 / Suspension de permis de "
        "conduire ; cas n° 6 / Obtention de la carte professionnelle pour devenir chauffeur de taxi ; cas "
        "n°7 : Demande de renseignement en droit du travail.",
    ),
    P(
        "L'ensemble des conclusions de ces groupes de travail est disponible en annexe 3 – conclusions "
        "des cas pratiques."
    ),
    P(
        "Ce Comité local des usagers pour l'amélioration continue s'est achevé par une visite de l'accueil "
        "de la DDTM à 12h30."
    ),
    P("Pour le préfet et par délégation,", BR, "Le secrétaire général"),
    P("Pascal OTHEGUY"),
    PAGE,
    H(2, "Annexe 1 – Liste des participants"),
    T(LA_PARTICIPANTS),
]


ESSONNE_2020 = [
    PageHeader([Img(marianne_png(), alt="", filename="marianne.png", width_cm=2), P("PRÉFET DE L'ESSONNE")]),
    P("Secrétariat général"),
    P("Cellule performance"),
    P("et qualité"),
    P("OBJET DE LA RÉUNION :"),
    P("Première réunion du Comité local des usagers de l’Essonne"),
    P("DATE :"),
    P("16/10/2020 "),
    P("LIEU :"),
    P("Préfecture d’Evry (Salle Jean Moulin)"),
    P("ORDRE DU JOUR :"),
    P("\uf0b7 Présentation de la nouvelle démarche qualité «Qual-e-pref »"),
    P("\uf0b7 Présentation du rôle du Comité Local des Usagers (CLU)"),
    P("\uf0b7 Point de situation sur l’état d’avancement de la démarche de labellisation Qual-e-pref"),
    P("\uf0b7 Présentation de la dernière enquête de satisfaction"),
    P("\uf0b7 Echanges avec les membres du CLU"),
    P("INTRODUCTION :  "),
    P(
        "Monsieur  le  Secrétaire  général  ouvre la  séance en rappelant  que la qualité  est  un sujet  "
        "central. Malgré la crise sanitaire, les acteurs de l’État doivent rester mobilisés pour le service "
        "rendu aux usagers. La qualité doit être au coeur de la relation du service public et de l’usager. "
        "Bien entendu, le confinement a eu un impact sur la relation avec les usagers étrangers avec le "
        "retard induit et les RDV décalés. Néanmoins, les services se réorganisent en conséquence pour "
        "pouvoir répondre aux attentes des usagers."
    ),
    P(
        "La préfecture attend du CLU des échanges vivants,  constructifs,  critiques  et  qu’il  soit  "
        "force de"
    ),
    P("proposition."),
    P("PRÉSENTATION DE LA NOUVELLE DÉMARCHE QUALITÉ «QUAL-E-PREF » : "),
    P("=> Présentation du diaporama."),
    P(
        "Une démarche qualité est une démarche d'amélioration continue des services rendus aux usagers et "
        "d'accroissement de leur satisfaction. "
    ),
    P(
        "Par usagers, il  faut entendre : les particuliers, les entreprises, les associations, les élus "
        "locaux ou représentants des collectivités territoriales et les syndicats professionnels."
    ),
    P(
        "Le principe d’un label  de qualité  est  de respecter des engagements que les préfectures et  "
        "sous-préfectures prendront vis-à-vis de leurs usagers et de faire labelliser ces engagements."
    ),
    P(
        "Qual-e-pref  est  une  démarche  propre  aux  préfectures  et  sous-préfectures,  avec  pour  "
        "objectif d'améliorer  le  service  rendu à l'usager,  tout  en participant  à  la  valorisation  "
        "des  métiers  et  à  la reconnaissance de la qualité du travail des agents."
    ),
    P("Les engagements sont précisés dans un référentiel qualité avec les modules suivants : "),
    P("– Module 1 : relation générale avec les usagers ; "),
    P("– Module 2 : délivrance de titres ; "),
    P("– Module 3 : délivrance de titres étrangers ; "),
    P("– Module 4 : relations avec les collectivités territoriales ; "),
    P("– Module 5 : polices administratives liées à la sécurité ; "),
    P("– Module 6 : coordination des politiques publiques ; "),
    P("– Module 7 : communication d'urgence en cas d'événement majeur. "),
    P(
        "La préfecture de l'Essonne et les sous-préfectures de Palaiseau et d'Étampes se sont engagées dans "
        "une démarche commune, mais indépendante, de labellisation sur la base du référentiel Qual-e-pref. "
    ),
    P("Les sites disposent d’un libre choix pour retenir un ou plusieurs modules métier :"),
    P("→ une préfecture, dotée d’un CERT doit retenir les modules 1 et 2, a minima. "),
    P(
        "→ une sous-préfecture sans CERT  et souhaitant s’engager dans la démarche a le choix entre les "
        "modules métiers 3,4,5 et 6. "
    ),
    P(
        "La  préfecture  de  l’Essonne  envisage,  selon  l’évolution  de  la  crise  sanitaire  et  "
        "l’impact  "
        "sur  les services,  de  s’engager  pour  l’ensemble  des  modules.  La  sous-préfecture  d’Etampes  "
        "souhaite s’engager pour les modules 1,3,5 et 6 et la sous-préfecture de Palaiseau pour les modules "
        "1,3 et 6."
    ),
    P("La labellisation doit être obtenue avant la fin de l’été 2022."),
    P("PRÉSENTATION DU RÔLE DU COMITÉ LOCAL DES USAGERS (CLU) :"),
    P("Les missions attendues du CLU sont présentées sur le diaporama."),
    P(
        "Le CLU est  commun pour  la  préfecture,  la  sous-préfecture  d’Etampes  et  la  sous-préfecture  "
        "de Palaiseau."
    ),
    P(
        "Il se réunira au moins une fois par an. Il est prévu que le prochain CLU se déroule au mois de mars "
        "2021. Il sera présenté les résultats  de la prochaine enquête satisfaction des usagers ainsi  que "
        "le "
        "résultat des enquêtes mystères."
    ),
    P(" PRÉSENTATION DE LA PLANIFICATION QUAL-E-PREF ET DE LA DERNIERE ENQUETE DE SATISFACTION :"),
    P(
        "Présentation de l’état d’avancement de la démarche de labellisation Qual-e-Pref qui est "
        "susceptible d’évoluer en fonction de la crise sanitaire."
    ),
    P(
        "Présentation au comité des résultats de la dernière enquête de satisfaction des usagers des 3 sites "
        "(Evry, Etampes, Palaiseau). "
    ),
    P(
        "Un membre du CLU s’interroge sur le nombre d’usagers sollicités sur le site d’Evry (141 usagers) et "
        "ne trouve pas l’échantillon assez représentatif. "
    ),
    P(
        "Aussi,  lors  de  la  prochaine  enquête  qui  aura lieu  du 16 novembre au 4 décembre 2020,  il  "
        "est "
        "convenu d’interroger au minimum 200 usagers sur le site d’Evry."
    ),
    P("ECHANGES AVEC LES MEMBRES DU CLU :"),
    P(
        "• Monsieur  LASGI indique  que la  qualité  doit  aussi  répondre à la lutte  contre  la  fracture "
        "numérique dont on constate les conséquences sur les usagers retraités."
    ),
    P(
        "Il  est  indiqué,  malgré  la  crise  sanitaire,  qu’il  y  a  le  maintien  du point  numérique  "
        "de "
        "la préfecture d’Evry et de la Maison France Services à la sous-préfecture d’Etampes. "
    ),
    P(
        "Par ailleurs, Monsieur LASGI indiquait, à titre d’information, combien il était difficile aux "
        "retraités de parvenir à avancer dans leur dossier de la CNAV. Monsieur DA ROCHA invite, si besoin, "
        "les usagers concernés à la Maison de France Services de la sous-préfecture."
    ),
    P(
        "• Monsieur  FOURNIER  souhaite  connaître  les  missions  des  services  de  la  préfecture  et "
        "pouvoir consulter les documents de présentation avant la réunion du CLU afin de préparer le sujet. "
    ),
    P(
        "Aussi, il est convenu pour le prochain CLU que les supports soient présentés en amont de la réunion "
        "pour la préparation des questions des membres du comité. Par ailleurs, il est proposé également la "
        "visite d’un ou deux services pour comprendre la relation des usagers avec les services de la "
        "préfecture."
    ),
    P(
        "• Madame THIRIET sollicite l’échange des adresses courriels de chaque membre du CLU, personne ne "
        "s’y est opposé. (cf courriels en fin du compte rendu)"
    ),
    P("LES PRINCIPAUX POINTS D’ACCORD :"),
    P(
        "\uf0b7 Envoi des supports de présentation en amont de la réunion pour la préparation des questions "
        "des membres du comité"
    ),
    P(
        "\uf0b7 Visite d’un ou deux services pour que les membres du CLU comprennent la relation des usagers "
        "avec les services de la préfecture"
    ),
    P(
        "\uf0b7 Augmentation du nombre d’usagers sollicités pour l’enquête de satisfaction des usagers sur "
        "le "
        "site d’Evry"
    ),
    P("\uf0b7 Echanges des courriels des membres du CLU"),
    P("PLANNING : PROCHAIN CLU EN MARS 2021"),
]


CHATEAUBRIANT_2024 = [
    P("PRÉFET DE LA LOIRE-ATLANTIQUE"),
    P("Sous-préfecture de Châteaubriant-Ancenis"),
    P("Bureau de la coordination et de l'appui territorial"),
    P("Châteaubriant, le 20 mars 2024"),
    P(
        "Affaire suivie par Claire Le Goff",
        BR,
        "Tél : 02 40 81 02 03",
        BR,
        "Mél : claire.le-goff@loire-atlantique.gouv.fr",
    ),
    H(0, "Compte rendu"),
    P(B("Objet : Comité local des usagers de la sous-préfecture de Châteaubriant-Ancenis")),
    P(
        "La réunion s'est tenue le 12 mars 2024 de 14h30 à 16h15 à la sous-préfecture, sous la présidence "
        "de M. Marc MAKLOUF, sous-préfet de Châteaubriant-Ancenis."
    ),
    P("Étaient présents :"),
    L(
        Item(
            "Représentants des associations d'usagers :",
            children=L(
                "Mme Lucie GAUNE, diaconat Nantes",
                "M. Jean-Pierre LE BIHAN, président de l'UDAF 44",
                "Mme Fabienne PROSLIE, AFOC 44",
            ),
        ),
        Item(
            "Professionnels :",
            children=L(
                "M. Hervé COLIN, gérant, auto-école du Castelbriantais (06 12 34 56 78)",
                "Mme Sophie MARCHAND, présidente de la FNAIM 44",
            ),
        ),
        Item(
            "Services de l'État :",
            children=L(
                "M. Marc MAKLOUF, sous-préfet de Châteaubriant-Ancenis",
                "Mme Patricia DUFOUR, cheffe de service relation usagers, préfecture de la Loire-Atlantique",
                "Mme Aurélie MADELIN, référente qualité, SGCD (aurelie.madelin@loire-atlantique.gouv.fr)",
            ),
        ),
    ),
    P("Étaient excusés :"),
    L(
        "M. le représentant de l'UFC Que Choisir",
        "Mme la présidente de la CLCV",
        "M. Thomas RENAUD, maire de Saint-Julien-de-Vouvantes",
    ),
    P("Assistaient également :"),
    L("Mme Maureen LE GUENNIC, cheffe du bureau du séjour, préfecture de la Loire-Atlantique"),
    P("Absents :"),
    L("Le représentant de la chambre de métiers et de l'artisanat"),
    H(1, "Bilan de l'accueil de la sous-préfecture"),
    P(
        "M. Marc MAKLOUF présente le bilan de l'accueil : 4 200 usagers reçus en 2023, dont 1 300 au point "
        "d'accueil numérique."
    ),
    L(
        Item(
            B("Mme Fabienne PROSLIE, AFOC 44"),
            " demande si les horaires d'ouverture peuvent être élargis le jeudi.",
            children=L(
                Item(
                    B("M. Marc MAKLOUF"),
                    " répond qu'une ouverture jusqu'à 17h le jeudi sera expérimentée à partir d'avril.",
                )
            ),
        ),
    ),
    P("Prochaine réunion : le 17 septembre 2024"),
    P("Le sous-préfet,"),
    P("Marc MAKLOUF"),
]
