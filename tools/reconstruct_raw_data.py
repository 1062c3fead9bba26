#!/usr/bin/env python3
"""Write the RECONSTRUCTED raw data of Werkreport 1 (Präventionsketten Niedersachsen).

The original micro-data are not public. This script writes, once and deterministically
(seed 20220331, no wall-clock values), files that are consistent with the published
aggregates of Werkreport 1 (Stand 31.03.2022). Contract: tools/RAW_DATA_SPEC.md;
every decision is documented in data/raw/README.md.

    python tools/reconstruct_raw_data.py [--out data/raw] [--register <kreise.csv>]

Part 1 holds the published structure as small declarative tables (each citing its source),
part 2 the generation functions, part 3 the writers.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

REPO = Path(__file__).resolve().parents[1]
REGISTER_SRC = Path(__file__).resolve().parents[1] / "data" / "raw" / "reference" / "niedersachsen_kreise.csv"
SEED = 20220331
CUTOFF = dt.date(2022, 3, 31)            # "Stand der Analyse ist der 31.03.2022" (report 3)
PANDEMIC = dt.date(2020, 3, 1)           # first lockdown (report 3.2.3, 3.3.5)
FIXED = dt.datetime(2022, 4, 1)          # workbook properties and zip entry times
R = "[rekonstruiert]"


def d(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


# ===================================== Part 1 — published structure =====================================

# Funding per cohort. 2017: news 05.04.2017 "zu Jahresbeginn 2017", three years;
# 2018: Hansestadt Lüneburg "endet im Januar 2021 die 3jährige Förderphase";
# 2020: Hameln-Pyrmont "Startdatum 01.01.2020, Enddatum 31.12.2022" (public_sources.md §1b).
COHORT_PERIOD = {2017: ("01.01.2017", "31.12.2019"), 2018: ("01.02.2018", "31.01.2021"),
                 2020: ("01.01.2020", "31.12.2022")}
# Fürstenau: "in den kommenden zwei Jahren", start about 05/2019 (press release 07.05.2019).
OWN_PERIOD = {"P22": ("01.05.2019", "30.04.2021")}

NEWS = "gesundheitliche-chancengleichheit.de, Meldung 05.04.2017 („die ersten acht Kommunen starten“)"
MAP = "praeventionsketten-nds.de/die-kommunen/niedersachsenkarte/"
INF = " (Kohorte erschlossen)"
LOS = "landkreis-osnabrueck.de/der-landkreis/pressestelle/pressemeldungen/"
# Report 3.1: 5 kreisfreie Städte + 10 Landkreise + Region Hannover + 5 Städte + 1 Samtgemeinde (the 22nd,
# see README). Participation and cohorts: public_sources.md §1a. key, name, type, AGS, parent, cohort, status, source
MUNICIPALITIES = [
    ("P01", "Delmenhorst", "kreisfreie Stadt", "03401", "", 2017, "belegt", NEWS),
    ("P02", "Wilhelmshaven", "kreisfreie Stadt", "03405", "", 2017, "belegt", NEWS),
    ("P03", "Landkreis Göttingen", "Landkreis", "03159", "", 2017, "belegt", NEWS),
    ("P04", "Landkreis Oldenburg", "Landkreis", "03458", "", 2017, "belegt", NEWS),
    ("P05", "Landkreis Osnabrück", "Landkreis", "03459", "", 2017, "belegt", NEWS),
    ("P06", "Region Hannover", "Region", "03241", "", 2017, "belegt", NEWS),
    ("P07", "Barsinghausen", "Stadt", "", "Region Hannover", 2017, "belegt", NEWS),
    ("P08", "Garbsen", "Stadt", "", "Region Hannover", 2017, "belegt", NEWS),
    ("P09", "Seelze", "Stadt", "", "Region Hannover", 2017, "belegt", NEWS),
    ("P10", "Oldenburg (Oldb)", "kreisfreie Stadt", "03403", "", 2018, "belegt", MAP + "oldenburg-stadt/" + INF),
    ("P11", "Osnabrück", "kreisfreie Stadt", "03404", "", 2018, "belegt", MAP + "osnabrueck-stadt/" + INF),
    ("P12", "Braunschweig", "kreisfreie Stadt", "03101", "", 2018, "belegt", MAP + "braunschweig-stadt/" + INF),
    ("P13", "Landkreis Wittmund", "Landkreis", "03462", "", 2018, "belegt", MAP + "wittmund-landkreis/" + INF),
    ("P14", "Laatzen", "Stadt", "", "Region Hannover", 2018, "belegt", "laatzen.de/de/praeventionskette.html" + INF),
    ("P15", "Hansestadt Lüneburg", "Stadt", "", "Landkreis Lüneburg", 2018, "belegt",
     "praeventionsketten-nds.de/archiv/news-einzelmeldung/news/kommune-der-woche-hansestadt-lueneburg/"),
    ("P16", "Platzhalter-Landkreis 1", "Landkreis", "", "", 2018, "Platzhalter", "—"),
    ("P17", "Landkreis Peine", "Landkreis", "03157", "", 2020, "belegt", "presse-service.de/data.aspx/static/1054676.html"),
    ("P18", "Landkreis Hameln-Pyrmont", "Landkreis", "03252", "", 2020, "belegt",
     "gesundheitsregionen-nds.de/Praeventionsketten-HM"),
    ("P19", "Platzhalter-Landkreis 2", "Landkreis", "", "", 2020, "Platzhalter", "—"),
    ("P20", "Platzhalter-Landkreis 3", "Landkreis", "", "", 2020, "Platzhalter", "—"),
    ("P21", "Platzhalter-Landkreis 4", "Landkreis", "", "", 2020, "Platzhalter", "—"),
    ("P22", "Samtgemeinde Fürstenau", "Samtgemeinde", "", "Landkreis Osnabrück", 2017, "erschlossen",
     LOS + "42323-samtgemeinde-fuerstenau-startet-praeventionsketten (07.05.2019)"),
]

# How evaluators write the names (never bare "Oldenburg"/"Osnabrück"); the first is used in document names.
SPELLINGS = {
    "P01": ["Stadt Delmenhorst", "Delmenhorst", "Delmenhorst, Stadt"], "P07": ["Barsinghausen", "Stadt Barsinghausen"],
    "P02": ["Stadt Wilhelmshaven", "Wilhelmshaven", "Wilhelmshaven, Stadt"], "P08": ["Garbsen", "Stadt Garbsen"],
    "P03": ["Landkreis Göttingen", "LK Göttingen", "Göttingen, Landkreis"], "P09": ["Seelze", "Stadt Seelze"],
    "P04": ["Landkreis Oldenburg", "LK Oldenburg", "Oldenburg, Landkreis"], "P14": ["Laatzen", "Stadt Laatzen"],
    "P05": ["Landkreis Osnabrück", "LK Osnabrück", "Osnabrück, Landkreis"], "P11": ["Stadt Osnabrück", "Osnabrück, Stadt"],
    "P06": ["Region Hannover", "Region Hannover", "Hannover, Region"], "P22": ["Samtgemeinde Fürstenau", "SG Fürstenau"],
    "P10": ["Stadt Oldenburg", "Oldenburg (Oldb)", "Oldenburg, Stadt"], "P16": ["Platzhalter-Landkreis 1"],
    "P12": ["Stadt Braunschweig", "Braunschweig", "Braunschweig, Stadt"], "P19": ["Platzhalter-Landkreis 2"],
    "P13": ["Landkreis Wittmund", "LK Wittmund", "Wittmund, Landkreis"], "P20": ["Platzhalter-Landkreis 3"],
    "P15": ["Hansestadt Lüneburg", "Lüneburg, Hansestadt", "Stadt Lüneburg"], "P21": ["Platzhalter-Landkreis 4"],
    "P17": ["Landkreis Peine", "LK Peine", "Peine, Landkreis"],
    "P18": ["Landkreis Hameln-Pyrmont", "LK Hameln-Pyrmont", "Hameln-Pyrmont, Landkreis"],
}

# Programme areas with a published name (public_sources.md §1a/§1b), else "(… nicht veröffentlicht)".
AREA_NAMES = {"P04": ("Ahlhorn (Gemeinde Großenkneten)", "erschlossen"), "P11": ("Osnabrück Schinkel", "belegt"),
              "P12": ("Braunschweig Siegfriedviertel und Schwarzer Berg", "belegt"),
              "P17": ("Peine Kernstadt/Walzwerk/Südstadt", "belegt")}
# Six two-year deepening phases (report 3.1; five decided 2020, report 3.2.3; Deichhorst: public_sources §1a).
# Fürstenau's is its only funding phase: a model area within the Landkreis Osnabrück's programme (cohort 2017)
# from 05/2019 (press release), which the report counts with the deepenings; see README, Widerspruch 10.
# Decision dates are reconstructions. model area, key, spelling, begin, end, decided, status
PH = "Vertiefungs-Modellraum (Platzhalter) "
DEEPENING = [
    ("Samtgemeinde Fürstenau (Modellraum im Landkreis Osnabrück)", "P22", "SG Fürstenau", "01.05.2019", "30.04.2021",
     "19.03.2019", "erschlossen"),
    ("Delmenhorst-Deichhorst", "P01", "Stadt Delmenhorst", "01.01.2020", "31.12.2021", "28.01.2020", "belegt"),
    (PH + "Wilhelmshaven", "P02", "Wilhelmshaven, Stadt", "01.01.2020", "31.12.2021", "28.01.2020", "Platzhalter"),
    (PH + "Garbsen", "P08", "Stadt Garbsen", "01.01.2020", "31.12.2021", "28.01.2020", "Platzhalter"),
    ("Braunschweig-Lamme", "P12", "Braunschweig, Stadt", "01.02.2021", "31.12.2022", "24.11.2020", "erschlossen"),
    (PH + "Osnabrück", "P11", "Osnabrück, Stadt", "01.02.2021", "31.12.2022", "24.11.2020", "Platzhalter"),
]

# Code system (spec table): code | indicator | value | label | coding rule | paraphrase for reconstructed segments
CODEBOOK = [line.split(" | ") for line in """\
Strategie\\Politischer Beschluss | political_resolution |  | Politischer Beschluss | Ein politisches Gremium hat die Präventionskette beschlossen oder sich dazu berichten lassen. | Beschluss bzw. Bericht zur Präventionskette im zuständigen Gremium
Strategie\\Wirkungsorientierung\\IMPACT-Ziel definiert | impact_goal_defined |  | IMPACT-Ziel definiert | Ein partizipativ entwickeltes Oberziel (IMPACT-Ziel) ist schriftlich festgehalten. | IMPACT-Ziel als Oberziel der Präventionskette festgehalten
Strategie\\Wirkungsorientierung\\Arbeitsweise angestoßen | impact_orientation_started |  | Wirkungsorientierte Arbeitsweise angestoßen | Ziele und Indikatoren werden nach dem Workshop der Prozessbegleitung weiterbearbeitet. | Ziele und Indikatoren nach dem Workshop weiterbearbeitet
Strategie\\Wirkungsorientierung\\Wirkungsmodell genutzt | impact_model_used |  | Wirkungsmodell genutzt | Das Wirkungsmodell wird als Planungsinstrument genutzt, z. B. gegenüber Vorgesetzten oder Ausschüssen. | Wirkungsmodell als Planungsinstrument gegenüber Ausschuss genutzt
Struktur\\Koordinierungsstelle\\eingerichtet | coordination_office_established |  | Koordinierungsstelle eingerichtet | Eine Koordinierungskraft für die Präventionskette ist eingestellt oder benannt. | Koordinierungskraft eingestellt und Stelle besetzt
Struktur\\Koordinierungsstelle\\Verortung\\Jugendamt | coordination_location | Jugendamt | Verortung: Jugendamt | Die Koordinierungsstelle ist organisatorisch dem Jugendamt zugeordnet. | Koordinierungsstelle im Jugendamt angesiedelt
Struktur\\Koordinierungsstelle\\Verortung\\Sozialamt | coordination_location | Sozialamt | Verortung: Sozialamt | Die Koordinierungsstelle ist organisatorisch dem Sozialamt zugeordnet. | Koordinierungsstelle im Sozialamt angesiedelt
Struktur\\Koordinierungsstelle\\Verortung\\Bildungsbereich | coordination_location | Bildungsbereich | Verortung: Bildungsbereich | Die Koordinierungsstelle ist organisatorisch dem Bildungsbereich zugeordnet. | Koordinierungsstelle im Bildungsbereich angesiedelt
Struktur\\Koordinierungsstelle\\Verortung\\Gesundheitsamt | coordination_location | Gesundheitsamt | Verortung: Gesundheitsamt | Die Koordinierungsstelle ist organisatorisch dem Gesundheitsamt zugeordnet. | Koordinierungsstelle im Gesundheitsamt angesiedelt
Struktur\\Koordinierungsstelle\\Verortung\\Stabsstelle | coordination_location | Stabsstelle/Dezernat | Verortung: Stabsstelle/Dezernat | Die Koordinierungsstelle ist als Stabsstelle oder direkt beim Dezernat angesiedelt. | Koordinierungsstelle als Stabsstelle angesiedelt
Struktur\\Steuerungsgruppe eingerichtet | steering_group_established |  | Steuerungsgruppe eingerichtet | Eine ressort- und sektorenübergreifende Steuerungsgruppe hat mindestens einmal getagt. | Erste Sitzung der ressortübergreifenden Steuerungsgruppe
Struktur\\Kooperation Jugendhilfe-Gesundheit | cooperation_youth_welfare_public_health |  | Kooperation Kinder- und Jugendhilfe und ÖGD | Kinder- und Jugendhilfe und ÖGD arbeiten in einem Gremium der Präventionskette zusammen. | Jugendamt und Gesundheitsamt arbeiten gemeinsam in der Steuerungsgruppe
Struktur\\Gremien\\Kinder- und Jugendhilfe | body_member | Kinder- und Jugendhilfe | Gremium: Kinder- und Jugendhilfe | Die Kinder- und Jugendhilfe ist in einem Gremium der Präventionskette vertreten. | Kinder- und Jugendhilfe in der Steuerungsgruppe vertreten
Struktur\\Gremien\\ÖGD | body_member | ÖGD | Gremium: ÖGD | Der Öffentliche Gesundheitsdienst ist in einem Gremium der Präventionskette vertreten. | ÖGD in der Steuerungsgruppe vertreten
Struktur\\Gremien\\Kitafach- und Leitungskräfte | body_member | Kitafach- und Leitungskräfte | Gremium: Kitafach- und Leitungskräfte | Kitafach- oder Kitaleitungskräfte sind in einem Gremium der Präventionskette vertreten. | Kitafach- und Leitungskräfte im Gremium vertreten
Struktur\\Gremien\\Kitafachdienste | body_member | Kommunale Kitafachdienste | Gremium: Kommunale Kitafachdienste | Die kommunalen Kitafachdienste sind in einem Gremium der Präventionskette vertreten. | Kommunale Kitafachdienste in der Steuerungsgruppe vertreten
Struktur\\Gremien\\Bildungsverwaltung | body_member | Kommunaler Bildungsbereich | Gremium: Kommunaler Bildungsbereich | Der verwaltungsinterne kommunale Bildungsbereich ist in einem Gremium vertreten. | Kommunaler Bildungsbereich in der Steuerungsgruppe vertreten
Struktur\\Gremien\\Schulleitungen und Schulsozialarbeit | body_member | Schulleitungen und Schulsozialarbeit | Gremium: Schulleitungen und Schulsozialarbeit | Schulleitungen oder Schulsozialarbeit sind direkt in die Gremienarbeit eingebunden. | Schulleitungen und Schulsozialarbeit ins Gremium aufgenommen
Struktur\\Gremien\\Jobcenter | body_member | Jobcenter | Gremium: Jobcenter | Das Jobcenter ist in einem Gremium der Präventionskette vertreten. | Jobcenter ins Gremium aufgenommen
Analyse\\Bestandsaufnahme | stock_taking |  | Bestandsaufnahme | Vorhandene Angebote wurden nach Lebenslagen und Lebensphasen erfasst. | Bestandsaufnahme der Angebote nach Lebensphasen abgeschlossen
Analyse\\Bedarfsbestimmung | needs_determination |  | Bedarfsbestimmung | Aus vorhandenen Daten wurde mindestens einmal ein Bedarf bestimmt. | Bedarf aus Sozial- und Schuleingangsdaten bestimmt
Analyse\\Bedarfserhebung | needs_survey |  | Bedarfserhebung | Mindestens eine eigene Erhebung des Bedarfs, z. B. eine Befragung von Fachkräften, wurde durchgeführt. | Befragung von Fachkräften zum Bedarf durchgeführt
Analyse\\Bedürfniserhebung | wishes_survey |  | Bedürfniserhebung | Eltern oder Kinder wurden mindestens einmal selbst befragt, z. B. in einer Fokusgruppe. | Eltern bzw. Kinder zu ihren Bedürfnissen befragt
Umsetzung\\Fachtagungen und Workshops vor Ort | local_events_held |  | Fachtagungen und Workshops vor Ort | Die Kommune hat mindestens eine Fachtagung oder einen Workshop für kommunale Akteur*innen durchgeführt. | Fachtag für kommunale Akteur*innen durchgeführt
Umsetzung\\Teilnahme Fortbildungen LKS | training_participation |  | Teilnahme an Fortbildungen der LKS | Die Koordinierungskraft hat an Fortbildungen der Landeskoordinierungsstelle teilgenommen. | Koordinierungskraft nahm an Fortbildungen der Landeskoordinierungsstelle teil
Nachhaltigkeit\\Fortführung\\beschlossen | continuation | beschlossen | Fortführung beschlossen | Die Fortführung nach Ende der Programmförderung ist verbindlich beschlossen. | Fortführung der Präventionskette nach Förderende beschlossen
Nachhaltigkeit\\Fortführung\\offen | continuation | offen | Fortführung offen | Über die Fortführung nach Ende der Programmförderung ist noch nicht entschieden. | Entscheidung über die Fortführung steht noch aus
Bewertung\\Prozessbegleitung | assessment_process_support |  | Bewertung der Prozessbegleitung | Äußerung, die die Begleitung durch die Landeskoordinierungsstelle bewertet. | -
Bewertung\\Programmkonzept | assessment_programme |  | Bewertung des Programmkonzepts | Äußerung, die Konzept oder Nutzen des Programms bewertet. | -
Veränderung\\Haltung | change_attitude |  | Veränderung der Haltung | Beschriebene Veränderung von Haltungen bei Fachkräften oder Entscheidungsträger*innen. | -
Veränderung\\Strukturen | change_structures |  | Veränderung von Strukturen | Beschriebene Veränderung von Strukturen, Abläufen oder Zuständigkeiten. | -
Corona\\Anpassung | pandemic_adaptation |  | Anpassung an die Pandemie | Beschriebene Anpassung der Arbeit an die Bedingungen der Coronapandemie. | -""".splitlines()]
PARAPHRASE = {row[0]: row[5] for row in CODEBOOK}

# Indicator attainment at 31.03.2022, n = 22 (report 3.2.1, 3.2.1.1, 3.2.1.2, Abb. 4–9). Absence sets where
# most have the item, presence sets where few have it; those missing are mostly the 2020 cohort (P17–P21).
ABSENT = {
    "impact_goal": {"P21"},                             # 21 of 22 (3.2.1)
    "impact_started": {"P20", "P21"},                   # 20 of 22 (Abb. 4)
    "impact_model": {"P19", "P20", "P21"},              # 19 of 22
    "needs_determination": {"P20", "P21"},              # 20 of 22 (Abb. 9)
    "needs_survey": {"P18", "P19", "P20", "P21"},       # 18 of 22
    "local_events": {"P19", "P20", "P21"},              # 19 of 22 (pandemic cancellations, 3.2)
    "ÖGD": {"P20", "P21", "P09", "P14"},                # 82 % = 18; fn. 4: two 2020 starters + 2 others
    "Kitafach- und Leitungskräfte": {"P19", "P20", "P21", "P03", "P06", "P13"},  # 73 % = 16
    "Kitafachdienste": {"P18", "P20", "P21"},           # 86 % = 19
    "Bildungsverwaltung": {"P07", "P19", "P20", "P21"},  # 82 % = 18
}
PRESENT = {
    "Schulleitungen und Schulsozialarbeit": {"P01", "P02", "P08", "P10", "P11", "P12", "P15", "P22"},  # 8 > 1/3
    "Jobcenter": {"P01", "P02", "P03", "P05", "P06", "P08", "P11", "P12", "P13", "P17"},  # 10 (report: "46 %")
    "wishes_survey": {"P01", "P02", "P04", "P05", "P07", "P08", "P09", "P10", "P15", "P22"},  # 10
}
# Location of the coordination office (Abb. 5: Jugendamt 54,5 % = 12 of 22; the rest reconstructed).
LOCATION = {"Jugendamt": ["P01", "P02", "P03", "P04", "P05", "P10", "P11", "P13", "P14", "P15", "P16", "P17"],
            "Sozialamt": ["P06", "P07", "P09", "P20"], "Bildungsbereich": ["P08", "P12", "P19"],
            "Gesundheitsamt": ["P18"], "Stabsstelle": ["P21", "P22"]}
# Continuation (report 3.4: 68 % = 15 decided, 27 % = 6 pending; Fürstenau without own decision).
CONTINUED = [f"P{i:02d}" for i in range(1, 16)]
PENDING = ["P16", "P17", "P18", "P19", "P20", "P21"]
OPEN_FIRST = {"P02", "P03", "P06", "P10", "P13", "P15"}   # carry an earlier "offen" segment
# Segments dated after 31.03.2022 ("as received later"); Hameln-Pyrmont: "verstetigt seit 01.01.2023".
WM, BV = ("Wirkungsmodelle", "Wirkungsmodell {}, Fassung vom {}"), ("Beschlussvorlagen", "Beschlussvorlage "
                                                                   "Fortführung der Präventionskette, {}, {}")
AFTER_CUTOFF = [("P21", "Strategie\\Wirkungsorientierung\\IMPACT-Ziel definiert", "15.06.2022", *WM),
                ("P20", "Strategie\\Wirkungsorientierung\\Arbeitsweise angestoßen", "20.09.2022", *WM),
                ("P21", "Analyse\\Bedarfsbestimmung", "11.05.2022", "Protokolle", "Protokoll Steuerungsgruppe, {}, {}"),
                ("P17", "Nachhaltigkeit\\Fortführung\\beschlossen", "23.06.2022", *BV),
                ("P18", "Nachhaltigkeit\\Fortführung\\beschlossen", "14.06.2022", *BV)]
# Real documents of report fn. 1–3: key, group, name, date, codes, footnote.
POL, CONT = "Strategie\\Politischer Beschluss", "Nachhaltigkeit\\Fortführung\\beschlossen"
REAL_DOCUMENTS = [
    ("P07", "Beschlussvorlagen", "Beschlussvorlage des Rates der Stadt Barsinghausen XVIII/07Rat vom 14.03.2017", "14.03.2017", [POL], 1),
    ("P07", "Beschlussvorlagen", "Beschlussvorlage der Stadt Barsinghausen XVIII/0156B01/S01 vom 27.03.2017", "27.03.2017", [POL], 1),
    ("P10", "Beschlussvorlagen", "Jugendhilfeausschuss Stadt Oldenburg, Vorlage 17/0894 vom 15.11.2017", "15.11.2017", [POL], 2),
    ("P08", "Protokolle", "Protokoll Sozialausschuss, Garbsen, 14.02.2018", "14.02.2018", [POL], 3),
    ("P02", "Protokolle", "Protokoll Nr. 2/2022 Jugendhilfeausschuss, Wilhelmshaven, 09.02.2022", "09.02.2022", [POL, CONT], 1),
]
# Pandemic reactions named in report 3.2.3 (coded Corona\Anpassung; not an indicator of Tab. 1).
PANDEMIC_NOTES = [("P02", "Übungs- und Materialpakete zur Einschulung an alle Familien verteilt"),
                  ("P13", "Übungs- und Materialpakete zur Einschulung an alle Familien verteilt"),
                  ("P13", "rund 300 Care-Pakete für Familien in Notlagen verschickt"),
                  ("P07", "kostenfreies Online-Yoga-Angebot für Kinder eingerichtet"),
                  ("P09", "Briefe mit Vorschlägen zur Freizeitgestaltung an alle Kinder versandt")]
# 3.2.3: "Die Kommunen haben sich jedoch überwiegend neu aufgestellt und ihre Arbeitsweise … angepasst"; "Die
# Steuerungs- und Planungsgruppen wurden digital angeboten"; Qualifizierungen "von der Mehrzahl der Kommunen …
# für den digitalen Raum adaptiert". Ten more municipalities (four of them placeholders) make the coded
# adaptations a majority: 14 of 22. Which ones is reconstructed; the paraphrase repeats the report's words.
DIGITAL = ["Steuerungsgruppe digital angeboten", "Qualifizierung der Fachkräfte für den digitalen Raum adaptiert"]
PANDEMIC_MORE = [(k, DIGITAL[i % 2]) for i, k in
                 enumerate(["P01", "P03", "P05", "P10", "P12", "P16", "P17", "P19", "P20", "P21"])]

# The seven quotes of report 3.3.6 and 3.4: line breaks joined, quotation marks removed, "(…)" kept.
QUOTES = {
    10: "Die Begleitung ist sehr gut – so eine intensive Begleitung habe ich bisher in keinem anderen Bereich erlebt!",
    11: "Wir haben das Handwerkszeug und das Know-how erworben, uns nach dieser intensiven Phase der Begleitung auf "
        "den Weg zu machen, Präventionsketten dauerhaft zu implementieren, um nach vorne zu gehen, um "
        "Benachteiligungen für Kinder insbesondere aus armen Familien abzubauen. (…)",
    12: "Das Programm berücksichtigt die kommunalen Gegebenheiten und baut auf den vorhandenen Strukturen auf. Die "
        "inhaltliche Begleitung ist wertvoll und angepasst an die besonderen Situationen in Kommunen.",
    13: "Das Programm hat so einen grundlegenden Ansatz, dass auch Haltung verändert wird. Und wenn tatsächlich "
        "etwas bewirkt werden soll, dann sind neben der Gründung von kooperativen Strukturen auch "
        "Haltungsveränderungen bei Menschen nötig, die sich klarmachen müssen, dass das, was sie vorher gemacht "
        "haben, nicht schlecht war. Dass sie aber, wenn sie wirkungsvoll arbeiten wollen, es anders tun müssen.",
    14: "Bei uns hat es wirklich gepasst. Die Strategien haben wir gemeinsam örtlich entwickelt. (…) Wir haben den "
        "interkommunalen Austausch und Überblick natürlich genutzt, doch die Strategien, die wir entwickelt haben, "
        "sind schon sehr passgenau für die Stadt.",
    15: "Weil dadurch wirklich die Möglichkeit besteht, sich strukturell mit den entsprechenden Themen "
        "auseinanderzusetzen. Nur so konnten ein Leitbild und eine Arbeitshilfe entstehen, die über die "
        "Programmförderung hinaus erhalten bleiben und weiterentwickelt werden können. Für den Aufbau solcher "
        "Strukturen braucht es eine Personalressource, die genau dafür Zeit zugestanden bekommt.",
    16: "Weil das Konzept durchdacht und sinnvoll ist. Es gibt keinen Grund, der gegen eine Implementierung spricht, "
        "und kein Programm, welches sich so flexibel an die Bedürfnisse einer Kommune anpasst. Ich bin ein absoluter "
        "Befürworter von Präventionsketten, da ich der Meinung bin, dass sie das Mittel der Wahl sind, wenn man "
        "kurzfristige und pragmatische Wege gehen möchte und bewirken will, dass die ‚Verbesserungen‘ schnell beim "
        "Kind (in der aktuellen Generation) wirken.",
}
# Sources as footnotes 10–16 name them: group, document, date, paragraph (None = questionnaire number), codes.
INTERVIEW = "Leitfadeninterview Evaluation, Leitungsebene, Kommune "
ASSESS, CONCEPT = "Bewertung\\Prozessbegleitung", "Bewertung\\Programmkonzept"
QUOTE_SOURCES = {
    10: ("Befragung Freitext", "Koordinator*innen-Befragung, März 2021", "31.03.2021", None, [ASSESS]),
    11: ("Abschlussdokumentationen", "Abschlussdokumentation, Koordinierungskraft, 2021", "31.01.2021", 14, [ASSESS]),
    12: ("Abschlussdokumentationen", "Abschlussdokumentation, Koordinierungskraft, 2022", "31.01.2022", 9, [ASSESS]),
    13: ("Leitfadeninterviews", INTERVIEW + "B", "15.02.2022", 22, ["Veränderung\\Haltung"]),
    14: ("Leitfadeninterviews", INTERVIEW + "A", "23.11.2021", 16, [CONCEPT]),
    15: ("Abschlussdokumentationen", "Abschlussdokumentation 2020 Kommune, Koordinierungskraft", "31.12.2020", 11,
         [CONCEPT, "Veränderung\\Strukturen"]),
    16: ("Jahresdokumentationen", "Jahresdokumentation Kommune 2021, Koordinierungskraft", "31.01.2022", 6, [CONCEPT]),
}
# Further reconstructed interview segments (paragraph, code, paraphrase); kept general on purpose.
INTERVIEW_EXTRA = {
    "Kommune A": [(4, ASSESS, "Prozessbegleiterin als feste Ansprechpartnerin hervorgehoben"),
                  (7, "Veränderung\\Strukturen", "Steuerungsgruppe tagt inzwischen regelmäßig ämterübergreifend"),
                  (9, "Veränderung\\Haltung", "Fachkräfte sprechen offener über Armutslagen von Familien"),
                  (12, CONCEPT, "Vorgaben des Programms geben der Verwaltung Orientierung"),
                  (19, "Corona\\Anpassung", "Steuerungsgruppe während der Lockdowns digital fortgeführt"),
                  (21, "Veränderung\\Strukturen", "Zuständigkeit für den Übergang Kita–Schule neu geregelt"),
                  (25, ASSESS, "Fortbildungen der Landeskoordinierungsstelle als hilfreich bewertet"),
                  (28, "Veränderung\\Haltung", "Leitungsebene versteht Prävention als gemeinsame Aufgabe"),
                  (31, "Corona\\Anpassung", "Angebote für Familien kurzfristig auf Versand umgestellt"),
                  (34, CONCEPT, "Degressive Förderung erleichtert die spätere Verstetigung")],
    "Kommune B": [(5, CONCEPT, "Programmkonzept als Grundlage für die Arbeit der Verwaltung bewertet"),
                  (8, "Veränderung\\Strukturen", "Koordinierungsstelle mit klarem Mandat ausgestattet"),
                  (11, ASSESS, "Beratung zur Wirkungsorientierung als intensiv beschrieben"),
                  (14, "Corona\\Anpassung", "Befragung von Eltern wegen der Pandemie verschoben"),
                  (17, "Veränderung\\Haltung", "Fachkräfte sehen sich als Teil der Präventionskette"),
                  (26, "Veränderung\\Strukturen", "Weitere Akteur*innen in die Gremienarbeit eingebunden"),
                  (29, ASSESS, "Interkommunaler Austausch über cliQue-Formate geschätzt"),
                  (33, CONCEPT, "Programmlaufzeit für den Strukturaufbau als knapp bewertet"),
                  (36, "Corona\\Anpassung", "Qualifizierung der Fachkräfte in digitale Formate überführt"),
                  (40, "Veränderung\\Haltung", "Verwaltung plant Angebote stärker vom Kind aus")],
}
TEST_COMMENT = "TESTDATEN: Zweitcodierung für Intercoder-Übereinstimmung, nicht Teil der Evaluation"
TEST_DIFFERS = {("Kommune A", 9): "Veränderung\\Strukturen", ("Kommune A", 25): CONCEPT, ("Kommune B", 5): ASSESS,
                ("Kommune B", 17): "Veränderung\\Strukturen", ("Kommune B", 22): "Veränderung\\Strukturen"}
# Survey March 2021 (report 3.3.6, fn. 9): 75 % / 19 % of 16 valid answers, one abstention.
SATISFACTION = ["sehr zufrieden"] * 12 + ["zufrieden"] * 3 + ["teils/teils", "Enthaltung"]

# Offers for children and families: the report's examples (3.2.2.1, 3.2.3). Key with "!" = municipality named
# in the report; otherwise assigned (marked in the title). title, key, Art, Lebenslagen, Altersgruppe, date
BB, BI, ST, GF, INFO = "Beratung und Begleitung", "Bildung", "Soziale Teilhabe", "Gesundheitsförderung", "Information"
ALL, A03, A36, A610 = "altersübergreifend", "0 bis 3 Jahre", "3 bis 6 Jahre", "6 bis 10 Jahre"
FAMILY_OFFERS = [
    ("Stadtteilsprechstunde als Schnittstelle zum örtlichen Hilfesystem", "P11", BB, "sozial,gesundheitlich", ALL, None),
    ("BuT-Servicestelle für Bildung und Teilhabe", "P01", BB, "materiell,sozial,kulturell", ALL, "14.09.2020"),
    ("Unterstützende Dienste von Sozialmedizinischen Assistent*innen", "P03", BB, "gesundheitlich,sozial", A03, None),
    ("Kostenlose, professionell begleitete Eltern-Kind-Gruppen für Kinder ohne Kitaplatz", "P08", ST, "sozial,kulturell", A03, None),
    ("Konzept zu Kita-Einstiegsuntersuchungen", "P18", GF, "gesundheitlich", A36, None),
    ("Mehr Anlaufstellen für die Kitaplatz-Anmeldung", "P14", BI, "kulturell,sozial", A03, None),
    ("Kitaplatz-Vergabeverfahren nach sozioökonomischen Kriterien", "P15", BI, "kulturell,sozial", A36, None),
    ("Erweiterung des Schwimmlern-Kursangebots", "P12", GF, "gesundheitlich,sozial", A610, None),
    ("Wegweiser zu Angeboten und Ansprechpartner*innen in der Kommune", "P04", INFO, "sozial,kulturell,gesundheitlich", ALL, None),
    ("Kochkisten für BuT-berechtigte Familien während der Schulschließung", "P10", ST, "materiell,gesundheitlich", A610, "20.04.2020"),
    ("Versorgung mit Schulmaterialien für Einschüler*innen", "P05", BI, "materiell,kulturell", A610, "10.08.2020"),
    ("Familientreff", "P22", BB, "sozial,kulturell,gesundheitlich", ALL, None),
    ("Familienbegleiter*innen", "P17", BB, "sozial,kulturell,gesundheitlich", ALL, None),
    ("Offene Sprachberatung für Eltern in den Räumlichkeiten der Kita", "P09", BB, "kulturell", A36, None),
    ("Info- und Übungspakete für die bevorstehende Einschulung", "P02!", BI, "kulturell", A36, "22.06.2020"),
    ("Info- und Übungspakete für die bevorstehende Einschulung", "P13!", BI, "kulturell", A36, "22.06.2020"),
    ("Jobcenter-Beratungsangebot in Kita-Familiencafés", "P06", BB, "sozial,kulturell", A36, None),
    ("Kostenfreies Online-Yoga-Angebot für Kinder", "P07!", GF, "gesundheitlich,sozial", A610, "11.05.2020"),
    ("Care-Pakete für Familien in Notlagen", "P13!", ST, "sozial,kulturell", ALL, "16.04.2020"),
    ("Briefe mit Vorschlägen zur Freizeitgestaltung an alle Kinder", "P09!", INFO, "sozial,kulturell", ALL, "24.04.2020"),
    ("Gewinnung ehrenamtlicher Familienpat*innen", "P22", BB, "sozial", ALL, None),
    ("Moderierte Eltern-Gesprächsrunden zu Fragen der Erziehung", "P22", BB, "sozial,gesundheitlich", ALL, None),
]
# The 21 further offers, Art × Altersgruppe so that Abb. 11/13 add up (15/10/8/7/3 and 17/14/7/5).
FAMILY_REST = [(BB, ALL, 3), (BB, A03, 2), (BB, A36, 1), (BI, A36, 4), (BI, A610, 1), (ST, ALL, 2), (ST, A36, 2),
               (ST, A03, 1), (GF, A03, 1), (GF, A36, 1), (GF, ALL, 2), (INFO, ALL, 1)]
FAMILY_TOPIC = {BB: "Beratungs- und Lotsenangebot", BI: "Bildungsangebot", ST: "Teilhabeangebot", GF: "Gesundheitsangebot", INFO: "Informationsangebot"}

# Offers for professionals (report 3.2.2.2, Abb. 14, n = 73; example from public_sources.md §3).
PROFESSIONAL_KINDS = {"Fachtag": 26, "Handlungshilfe": 22, "Schulung": 14, "Informationsmedium": 8, "Qualifizierungsreihe": 3}
PROFESSIONAL_TOPICS = ["Armutssensibilität in der öffentlichen Verwaltung", "Armutssensibilität in der Kita",
                       "Partizipation von Dialoggruppen in Risikolagen", "Übergang Kita – Grundschule",
                       "Kindorientierung", "Bildung und Teilhabe", "Frühe Hilfen und Präventionskette"]
TARGET_GROUPS = ["Kita-Fach- und Leitungskräfte", "Verwaltungsmitarbeitende", "Lehrkräfte und Schulsozialarbeit",
                 "Fachkräfte der Kinder- und Jugendhilfe", "Entscheidungsträger*innen aus Verwaltung und Politik",
                 "Fachkräfte aller Bereiche"]

# Activities of the Landeskoordinierungsstelle (report 3.3.1–3.3.4, Abb. 15, fn. 7, fn. 8).
TALKS = 64                                   # "Vortragstätigkeit in den Kommunen: 64"
WORKSHOPS_TWICE = 5                          # 22 + 5 = 27 (report 4 and fn. 7; not "277")
# Trainings per year, Abb. 15 (n = 31: 3/3/3/7/11/4), plus fn. 8 (rest of 2022): count, first, last day
TRAININGS = [(3, "10.01.2017", "15.12.2017"), (3, "10.01.2018", "15.12.2018"), (3, "10.01.2019", "15.12.2019"),
             (1, "12.02.2020", "12.02.2020"), (6, "01.04.2020", "15.12.2020"), (11, "10.01.2021", "15.12.2021"),
             (4, "10.01.2022", "31.03.2022"), (6, "01.04.2022", "15.12.2022")]
CONFERENCE_DATES = ["21.09.2017", "16.05.2018", "14.11.2018", "12.06.2019", "20.11.2019"]   # 5, in presence
PUBLICATIONS = [("Handbuch", "Kompetenzorientiertes Handbuch", 1, "01.01.2019", "31.12.2019"),   # 22 (3.3.4, Anl. 11/12)
                ("Praxisblatt", "„Praxis Präventionskette“", 4, "01.01.2018", CUTOFF),
                ("Newsletter", "Newsletter", 8, "01.06.2017", CUTOFF),
                ("Positionspapier", "Politisches Positionspapier", 3, "01.01.2019", "31.12.2021"),
                ("Highlightpapier", "Gesagt-Getan: Highlights aus unseren Kommunen", 6, "01.01.2020", CUTOFF)]
SOCIAL_MEDIA = {"Twitter-Post": 61, "Audiobeitrag": 8, "Videobeitrag": 10}      # 79
# Contacts per funded month: "zwei bis drei" (3.3.1) resp. "ein bis zwei" (3.3.2); one more for a few municipalities.
CONTACTS = [("Beratungskontakt", "Prozessberatung", {"P01", "P06", "P12"}, [2, 3]),
            ("Beratungskontakt Wirkungsorientierung", "Beratung Wirkungsorientierung", {"P10", "P17"}, [1, 2])]


# ===================================== Part 2 — generation =====================================

def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    return dt.date(day.year + y, m + 1, 1)


def de(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def workday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def random_day(rng, first: dt.date, last: dt.date) -> dt.date:   # a working day (Sat/Sun → Monday)
    return workday(first + dt.timedelta(days=rng.randint(0, (last - first).days)))


def fmt_for(day: dt.date, rng: random.Random) -> str:
    if day < PANDEMIC:
        return "Präsenz"
    return "digital" if day < dt.date(2021, 7, 1) else rng.choice(["digital", "Präsenz", "hybrid"])


class Muni:
    def __init__(self, row):
        self.key, self.name, self.type, self.ags, self.parent, self.cohort, self.evidence, self.source = row
        self.start, self.end = map(d, OWN_PERIOD.get(self.key, COHORT_PERIOD[self.cohort]))
        self.doc = SPELLINGS[self.key][0]
        self.periods = [(self.start, self.end)] + [(d(b), d(e)) for _, k, _, b, e, _, _ in DEEPENING
                                                   if k == self.key and k != "P22"]

    def months(self, until=dt.date(2022, 12, 31)):
        """First days of the funded months (own period and deepening), up to `until`."""
        return sorted({p.start_time.date() for begin, end in self.periods
                       for p in pd.period_range(begin, min(end, until), freq="M")})

    def spell(self, rng):
        return rng.choice(SPELLINGS[self.key])


def municipalities(munis, rng):
    letters = [f"Kommune {chr(65 + i)}" for i in range(22)]
    rng.shuffle(letters)   # arbitrary pseudonyms
    town = [i for i, m in enumerate(munis) if "Stadt" in m.type]
    rng.choice(town)       # kept: the draw of the former "Kommune A is a town" rule keeps the random stream
    # The report's pseudonyms (Kommune A, Fn. 14; Kommune B, Fn. 13) only ever point at placeholders: a published
    # quote must not be pinned on a real municipality. Fn. 14's "für die Stadt" is not honoured for that reason.
    placeholders = [i for i, m in enumerate(munis) if m.evidence == "Platzhalter"]
    for letter, target in zip(("Kommune A", "Kommune B"), placeholders):
        here = letters.index(letter)
        letters[here], letters[target] = letters[target], letters[here]
    return pd.DataFrame([{"Kennung": m.key, "Kommune": m.name, "Typ": m.type, "AGS": m.ags,
                          "Übergeordnet": m.parent, "Kohorte": m.cohort, "Förderbeginn": de(m.start),
                          "Förderende": de(m.end),
                          "Ausgeschieden am": "",  # 3.2.3: "Keine Kommune hat das Programm ... verlassen"
                          "Pseudonym": p, "Belegstatus": m.evidence,
                          "Quelle": m.source} for m, p in zip(munis, letters)])


def model_areas(munis, rng):
    rows = []
    for m in (m for m in munis if m.key != "P22"):
        name, status = AREA_NAMES.get(m.key, (f"{m.name} (Modellraum nicht veröffentlicht)", m.evidence))
        rows.append([name, m.spell(rng), "Programmgebiet", de(m.start), de(m.end), "", status])
    rows += [[a, s, "Vertiefung", b, e, dec, st] for a, _, s, b, e, dec, st in DEEPENING]
    return pd.DataFrame(rows, columns=["Modellraum", "Kommune", "Art", "Beginn", "Ende", "Entscheidung am",
                                       "Belegstatus"])


SEGMENT_COLUMNS = ["Farbe", "Dokumentgruppe", "Dokumentname", "Kommune", "Dokumentdatum", "Code", "Anfang",
                   "Ende", "Gewicht", "Segment", "Kommentar", "Bearbeitet von", "Bearbeitet am", "Erstellt von",
                   "Erstellt am"]
# What MAXQDA writes for "Codierte Segmente" → Excel, in its order (municipality and document date are
# no MAXQDA columns: they go to the document register coding/documents.csv).
EXPORT_COLUMNS = ["Farbe", "Kommentar", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht",
                  "Segment", "Bearbeitet von", "Bearbeitet am", "Erstellt von", "Erstellt am", "Fläche",
                  "Abdeckungsgrad %"]
REGISTER_COLUMNS = ["Dokumentname", "Kommune", "Dokumentdatum", "Dokumenttyp"]
DOCUMENT_TYPES = {"Jahresdokumentationen": "Jahresdokumentation", "Protokolle": "Protokoll",
                  "Wirkungsmodelle": "Wirkungsmodell", "Beschlussvorlagen": "Beschlussvorlage",
                  "Befragung Freitext": "Befragung Freitext", "Abschlussdokumentationen": "Abschlussdokumentation",
                  "Leitfadeninterviews": "Leitfadeninterview"}
ASSUMED_DOCUMENT_CHARS = 20000   # "Abdeckungsgrad %": segment length against an assumed document length
COLOURS = {"Strategie": "#C0392B", "Struktur": "#2471A3", "Analyse": "#229954", "Umsetzung": "#D68910",
           "Nachhaltigkeit": "#7D3C98", "Bewertung": "#17A589", "Veränderung": "#CA6F1E", "Corona": "#707B7C"}


class Segments:
    """Collects coded segments in the shape of a MAXQDA coded-segments export."""

    def __init__(self, rng):
        self.rng, self.rows, self.coder = rng, [], {}

    def add(self, group, doc, commune, date, code, begin, end, text, comment="", coder=None, rng=None):
        rng = rng or self.rng
        coder = coder or self.coder.setdefault(doc, rng.choice(["EV1", "EV2"]))
        created = date + dt.timedelta(days=rng.randint(5, 60))
        created = min(created, CUTOFF) if date <= CUTOFF else created   # coded by the reporting date
        edited = created + dt.timedelta(days=rng.randint(0, 20))
        edited = min(edited, CUTOFF) if created <= CUTOFF else edited
        written = code.replace("\\", " > ") if rng.random() < 0.1 else code   # delivery quirk
        at = lambda day: dt.datetime.combine(day, dt.time())
        self.rows.append([COLOURS[code.split("\\")[0]], group, doc, commune, at(date), written, begin, end, 0, text,
                          comment or None, coder, at(edited), coder, at(created)])

    def frame(self):
        return pd.DataFrame(self.rows, columns=SEGMENT_COLUMNS)


def document_analysis(munis, rng):
    segs, by_key, jahresdok = Segments(rng), {m.key: m for m in munis}, []
    last_year = {m.key: max(e for _, e in m.periods).year for m in munis}

    def put(m, group, doc, date, code, text=None, comment="", own=None):   # own: a separate random stream
        r = own or rng
        commune = m.spell(r) + (" " if r.random() < 0.08 else "")   # trailing blanks
        begin = r.randint(2, 60)
        segs.add(group, doc, commune, date, code, begin, begin + r.choice([0, 0, 1, 2]),
                 f"{R} {text or PARAPHRASE[code]}", comment, rng=r)

    def at(m, lo, hi):   # a day lo..hi months after the start of funding
        return workday(add_months(m.start, rng.randint(lo, hi)).replace(day=rng.randint(1, 28)))

    def yearly(m, lo, hi, code):   # evidence in the annual documentation of that year (handed in 31.01.)
        year = at(m, lo, hi).year
        put(m, "Jahresdokumentationen", f"Jahresdokumentation {year}, {m.doc}", dt.date(year + 1, 1, 31), code)
        jahresdok.append((m.key, code, year))

    def protocol(m, day):
        return f"Protokoll Steuerungsgruppe, {m.doc}, {de(day)}"

    location = {k: c for c, keys in LOCATION.items() for k in keys}
    real = {(k, c) for k, _, _, _, codes, _ in REAL_DOCUMENTS for c in codes}
    for m in munis:
        k = m.key
        has = lambda item: k not in ABSENT[item] if item in ABSENT else k in PRESENT.get(item, (k,))
        day = at(m, 0, 2)   # coordination office first
        doc = f"Protokoll Auftaktgespräch, {m.doc}, {de(day)}"
        put(m, "Protokolle", doc, day, "Struktur\\Koordinierungsstelle\\eingerichtet")
        put(m, "Protokolle", doc, day, f"Struktur\\Koordinierungsstelle\\Verortung\\{location[k]}")
        day = at(m, 3, 8)   # steering group and its first members
        put(m, "Protokolle", protocol(m, day), day, "Struktur\\Steuerungsgruppe eingerichtet")
        for body in ["Kinder- und Jugendhilfe", "ÖGD", "Kitafachdienste", "Bildungsverwaltung"]:
            if has(body):
                put(m, "Protokolle", protocol(m, day), day, f"Struktur\\Gremien\\{body}")
        if has("ÖGD"):
            put(m, "Protokolle", protocol(m, day), day, "Struktur\\Kooperation Jugendhilfe-Gesundheit")
        day = at(m, 10, 18)   # members added later
        for body in ["Kitafach- und Leitungskräfte", "Schulleitungen und Schulsozialarbeit", "Jobcenter"]:
            if has(body):
                put(m, "Protokolle", protocol(m, day), day, f"Struktur\\Gremien\\{body}")
        if (k, POL) not in real or k == "P02":
            day = at(m, 4, 12)
            put(m, "Beschlussvorlagen", f"Beschlussvorlage Präventionskette, {m.doc}, {de(day)}", day, POL)
        for item, lo, hi, code in [("training", 1, 6, "Umsetzung\\Teilnahme Fortbildungen LKS"),
                                   ("stock_taking", 5, 11, "Analyse\\Bestandsaufnahme"),
                                   ("needs_determination", 8, 16, "Analyse\\Bedarfsbestimmung"),
                                   ("needs_survey", 12, 20, "Analyse\\Bedarfserhebung"),
                                   ("wishes_survey", 14, 23, "Analyse\\Bedürfniserhebung"),
                                   ("local_events", 8, 23, "Umsetzung\\Fachtagungen und Workshops vor Ort")]:
            if has(item):
                yearly(m, lo, hi, code)
        for item, lo, hi, code in [("impact_goal", 10, 14, "IMPACT-Ziel definiert"),
                                   ("impact_started", 15, 19, "Arbeitsweise angestoßen"),
                                   ("impact_model", 20, 25, "Wirkungsmodell genutzt")]:
            if has(item):
                day = at(m, lo, hi)
                put(m, "Wirkungsmodelle", f"Wirkungsmodell {m.doc}, Fassung vom {de(day)}", day,
                    f"Strategie\\Wirkungsorientierung\\{code}")
        if k in OPEN_FIRST or k in PENDING:   # continuation: the latest status counts (report 3.4)
            year = m.start.year + 1 if k in OPEN_FIRST else (2020 if m.cohort == 2018 else 2021)
            put(m, "Jahresdokumentationen", f"Jahresdokumentation {year}, {m.doc}", dt.date(year + 1, 1, 31),
                "Nachhaltigkeit\\Fortführung\\offen")
        if k in CONTINUED and (k, CONT) not in real:
            day = workday(add_months(m.end, -rng.randint(1, 5)).replace(day=rng.randint(1, 28)))
            put(m, "Beschlussvorlagen", f"Beschlussvorlage Fortführung der Präventionskette, {m.doc}, {de(day)}",
                day, CONT)
    for k, group, doc, date, codes, fn in REAL_DOCUMENTS:
        for code in codes:
            put(by_key[k], group, doc, d(date), code, comment=f"Dokument in Werkreport 1, Fußnote {fn}, zitiert")
    for k, code, date, group, name in AFTER_CUTOFF:
        put(by_key[k], group, name.format(by_key[k].doc, date), d(date), code)
    more = random.Random(SEED + 16)   # PANDEMIC_MORE (added later) leaves the main stream as it was
    for k, text in PANDEMIC_NOTES + PANDEMIC_MORE:   # report 3.2.3
        m, r = by_key[k], (rng if (k, text) in PANDEMIC_NOTES else more)
        if last_year[k] >= 2020:
            put(m, "Jahresdokumentationen", f"Jahresdokumentation 2020, {m.doc}", dt.date(2021, 1, 31),
                "Corona\\Anpassung", text, own=r)
        else:   # funding ended 2019: evidence in a steering group protocol
            day = dt.date(2020, 5, r.randint(4, 28))
            put(m, "Protokolle", protocol(m, day), day, "Corona\\Anpassung", text, own=r)
    for k, code, year in rng.sample(sorted(jahresdok), 14):   # some items also in a second document
        if year + 1 <= last_year[k]:
            m = by_key[k]
            put(m, "Jahresdokumentationen", f"Jahresdokumentation {year + 1}, {m.doc}", dt.date(year + 2, 1, 31),
                code)
    frame = segs.frame().sort_values(["Dokumentgruppe", "Dokumentname", "Anfang"], kind="stable")
    assert not frame.astype(str).duplicated().any()
    early = frame[frame["Dokumentdatum"] <= pd.Timestamp(CUTOFF)]
    return pd.concat([frame, early.loc[rng.sample(list(early.index), 3)]], ignore_index=True)   # double export


def maxqda_export(frame):
    """The collected segments as MAXQDA exports them: its columns in its order, nothing of the register."""
    coverage = (100 * frame["Segment"].str.len() / ASSUMED_DOCUMENT_CHARS).round(2)
    return frame.assign(**{"Fläche": 0, "Abdeckungsgrad %": coverage})[EXPORT_COLUMNS]


def document_register(*frames):
    """One row per document (first appearance): the spelling of its municipality as first written,
    its date and its type – what evaluators keep beside the MAXQDA exports."""
    rows = pd.concat(frames, ignore_index=True)
    per_doc = rows.groupby("Dokumentname", sort=False)
    assert (per_doc["Dokumentdatum"].nunique() == 1).all() and (per_doc["Dokumentgruppe"].nunique() == 1).all()
    first = per_doc.first()   # first non-empty Kommune per document (None for documents without one)
    register = pd.DataFrame({"Dokumentname": first.index, "Kommune": first["Kommune"].fillna("").to_numpy(),
                             "Dokumentdatum": first["Dokumentdatum"].map(de).to_numpy(),
                             "Dokumenttyp": first["Dokumentgruppe"].map(DOCUMENT_TYPES).to_numpy()})
    assert register["Dokumenttyp"].notna().all()
    return register[REGISTER_COLUMNS]


def interviews(survey_para, rng):
    segs, second = Segments(rng), []   # second: (pseudonym, begin, end, code, text, doc, date)
    for fn, (group, doc, date, para, codes) in QUOTE_SOURCES.items():
        para = para or survey_para
        commune = "Kommune " + doc[-1] if group == "Leitfadeninterviews" else None   # the pseudonym
        for code in codes:
            segs.add(group, doc, commune, d(date), code, para, para, QUOTES[fn], coder="EV1")
            if commune:
                second.append((commune, para, para, code, QUOTES[fn], doc, d(date)))
    for commune, items in INTERVIEW_EXTRA.items():
        _, doc, date, _, _ = QUOTE_SOURCES[14 if commune == "Kommune A" else 13]
        for para, code, text in items:
            end = para + rng.choice([0, 1, 2])
            segs.add("Leitfadeninterviews", doc, commune, d(date), code, para, end, f"{R} {text}", coder="EV1")
            second.append((commune, para, end, code, f"{R} {text}", doc, d(date)))
    for commune, para, end, code, text, doc, date in second:   # second coder: test data only
        segs.add("Leitfadeninterviews", doc, commune, date, TEST_DIFFERS.get((commune, para), code), para, end,
                 text, TEST_COMMENT, coder="EV2-TEST")
    return segs.frame()


def survey(rng):
    days = sorted(random_day(rng, dt.date(2021, 3, 1), dt.date(2021, 3, 31)) for _ in SATISFACTION)
    answers = SATISFACTION[:]
    rng.shuffle(answers)
    quote_row = rng.choice([i for i, a in enumerate(answers) if a == "sehr zufrieden"])
    frame = pd.DataFrame({"Fragebogen": [f"FB-{i + 1:02d}" for i in range(len(days))], "Eingang": map(de, days),
                          "Zufriedenheit mit der Landeskoordinierungsstelle": answers,
                          "Freitext": [QUOTES[10] if i == quote_row else "" for i in range(len(days))]})
    # Fn. 9: one coordinator abstained, so 12 / 3 / 1 of 16 gives 75 %, 19 %, 94 %; no further answer is invented.
    # The former 17th questionnaire is dropped after the draws (random stream unchanged), leaving a gap in the numbers.
    frame = frame[frame["Zufriedenheit mit der Landeskoordinierungsstelle"] != "teils/teils"]
    return frame, quote_row + 1   # the questionnaire number is the "paragraph" of the coded quote


def offers_families(munis, rng):
    by_key, rows = {m.key: m for m in munis}, []
    for title, key, kind, situations, age, day in FAMILY_OFFERS:
        m = by_key[key.rstrip("!")]
        day = d(day) if day else random_day(rng, add_months(m.start, 9), CUTOFF)
        title = title if key.endswith("!") else f"{title} (Zuordnung zur Kommune {R})"
        rows.append([m.spell(rng), title, kind, situations, age, day, "im Bericht genannt"])
    pool, dims = [m for m in munis if m.key not in ("P20", "P21")], ["sozial", "kulturell", "gesundheitlich"]
    for kind, age, n in FAMILY_REST:
        for _ in range(n):
            m = rng.choice(pool)
            size = 3 if kind == BB and rng.random() < 0.5 else rng.choice([1, 2, 2])
            rows.append([m.spell(rng), f"{R} {FAMILY_TOPIC[kind]} für Familien ({age})", kind,
                         ",".join(sorted(rng.sample(dims, size), key=dims.index)), age,
                         random_day(rng, add_months(m.start, 9), CUTOFF), "rekonstruiert"])
    for key, day, kind, age in [("P17", "12.04.2022", ST, ALL), ("P18", "20.06.2022", BI, A36)]:   # reported later
        rows.append([by_key[key].spell(rng), f"{R} {FAMILY_TOPIC[kind]} für Familien ({age}), nachgemeldet", kind,
                     "sozial,kulturell", age, d(day), "rekonstruiert"])
    rows.sort(key=lambda r: r[5])
    return pd.DataFrame([[i + 1, *r[:5], de(r[5]), r[6]] for i, r in enumerate(rows)],
                        columns=["Nr", "Kommune", "Angebot", "Art", "Lebenslagen", "Altersgruppe", "Gemeldet am",
                                 "Belegstatus"])


def offers_professionals(munis, rng):
    by_key, pool = {m.key: m for m in munis}, [m for m in munis if m.key not in ("P20", "P21")]
    kinds = [k for k, n in PROFESSIONAL_KINDS.items() for _ in range(n)]
    kinds.remove("Handlungshilfe")   # the published example below
    rows = [[by_key["P05"].spell(rng), "Checkliste Armutssensibilität", "Handlungshilfe", "Fachkräfte aller Bereiche",
             dt.date(2019, 9, 17)]]
    for kind in kinds:
        m = rng.choice(pool)
        rows.append([m.spell(rng), f"{R} {kind}: {rng.choice(PROFESSIONAL_TOPICS)}", kind, rng.choice(TARGET_GROUPS),
                     random_day(rng, add_months(m.start, 6), CUTOFF)])
    rows.append([by_key["P22"].spell(rng), f"{R} Fachtag: {PROFESSIONAL_TOPICS[2]}", "Fachtag", TARGET_GROUPS[-1],
                 dt.date(2022, 5, 18)])   # reported later
    rows.sort(key=lambda r: r[4])
    return pd.DataFrame([[i + 1, *r[:4], dt.datetime.combine(r[4], dt.time())] for i, r in enumerate(rows)],
                        columns=["Nr", "Kommune", "Angebot", "Art", "Zielgruppe", "Datum"])


def activities(munis, rng):
    rows, by_key = [], {m.key: m for m in munis}

    def add(day, kind, commune, title, fmt, hours):
        rows.append([day, kind, commune, f"{R} {title}", fmt, hours])

    for m in munis:   # advisory contacts in every funded month up to 12/2022 (report 3.3.1, 3.3.2)
        for month in m.months():
            for kind, title, high, counts in CONTACTS:
                days = [month.replace(day=i) for i in range(1, 29) if month.replace(day=i).weekday() < 5]
                for day in sorted(rng.sample(days, rng.choice([c + (m.key in high) for c in counts]))):
                    add(day, kind, m.spell(rng), title, fmt_for(day, rng), rng.choice(["0,5", "1,0", "1,5", "2,0"]))
    seen = set()
    for m in [m for m in munis for _ in range(2)] + [rng.choice(munis) for _ in range(TALKS - 44)]:
        day = None
        while day is None or (m.key, day) in seen:
            day = workday(rng.choice(m.months(CUTOFF)).replace(day=rng.randint(1, 28)))
        seen.add((m.key, day))
        venue = rng.choice(["Ausschuss", "Fachtag", "Netzwerktreffen", "Dienstbesprechung"])
        add(day, "Vortrag", m.spell(rng), f"Vortrag zur Präventionskette ({venue})", fmt_for(day, rng), rng.choice(["1,0", "1,5"]))
    for key, date in [("P17", "07.06.2022"), ("P12", "13.10.2022")]:   # talks after the reporting date
        add(d(date), "Vortrag", by_key[key].spell(rng), "Vortrag zur Präventionskette (Ausschuss)", "Präsenz", "1,0")
    twice = set(rng.sample([m.key for m in munis], WORKSHOPS_TWICE))
    for m in munis:   # workshops on goals and indicators: one each, a second in five (fn. 7)
        day = workday(add_months(m.start, rng.randint(6, 14)).replace(day=rng.randint(1, 28)))
        add(day, "Workshop Wirkungsorientierung", m.spell(rng), "Workshop zur Ziel- und Indikatorenentwicklung",
            fmt_for(day, rng), "6,0" if day < PANDEMIC else "3,5")
        if m.key in twice:
            day = workday(day + dt.timedelta(days=rng.randint(30, 90)))
            add(day, "Workshop Wirkungsorientierung", m.spell(rng),
                "Workshop zur Ziel- und Indikatorenentwicklung, zweiter Termin", fmt_for(day, rng), "3,5")
    topics = ["Kindorientierung", "Armutssensibilität", "Bestandsaufnahme", "Beteiligung von Eltern",
              "Wirkungsorientierung", "Übergang Kita–Schule", "Netzwerkarbeit", "Verstetigung"]
    days = set()
    for n, first, last in TRAININGS:
        chosen = set()
        while len(chosen) < n:
            chosen.add(random_day(rng, d(first), d(last)))
        days |= chosen
    for day in sorted(days):
        fmt = "Präsenz" if day < PANDEMIC else "digital"
        title = ("Fortbildung für Koordinator*innen: " if fmt == "Präsenz" else "cliQue Fortbildung: ") + \
            rng.choice(topics)
        add(day, "Fortbildung", "", title, fmt, "6,0" if fmt == "Präsenz" else rng.choice(["1,5", "2,0"]))
    for i, date in enumerate(CONFERENCE_DATES, 1):
        add(d(date), "Tagung", "", f"Fachtagung Präventionsketten Niedersachsen {i}", "Präsenz", "6,0")
    for kind, label, n, first, last in PUBLICATIONS:
        dated = sorted(random_day(rng, d(first), last if isinstance(last, dt.date) else d(last)) for _ in range(n))
        for i, day in enumerate(dated, 1):
            add(day, "Publikation", "", f"{kind}: {label}" + (f" Nr. {i}" if n > 1 else ""), "", "")
    add(d("15.06.2022"), "Publikation", "", "Newsletter: Newsletter Nr. 9", "", "")
    add(d("28.09.2022"), "Publikation", "", "Highlightpapier: Gesagt-Getan: Highlights aus unseren Kommunen Nr. 7", "", "")
    posts = sorted((random_day(rng, dt.date(2019, 1, 1), CUTOFF), kind) for kind, n in SOCIAL_MEDIA.items()
                   for _ in range(n))
    posts += [(d(x), "Twitter-Post") for x in ["08.04.2022", "19.05.2022", "02.09.2022"]]
    for number, (day, kind) in enumerate(posts, 1):
        add(day, "Social Media", "", f"{kind} Nr. {number}", "digital", "")
    frame = pd.DataFrame(rows, columns=["Datum", "Art", "Kommune", "Titel", "Format", "Dauer (Std.)"])
    frame = frame.sort_values("Datum", kind="stable").reset_index(drop=True)
    assert not frame.astype(str).duplicated().any()
    early = frame[frame["Datum"] <= CUTOFF]
    picks = [rng.choice(list(early.index[early["Art"] == art])) for art in ("Vortrag", "Social Media")]
    frame = pd.concat([frame, frame.loc[picks]]).sort_values("Datum", kind="stable")   # 2 exact duplicates
    return frame.assign(Datum=frame["Datum"].map(de))


# ===================================== Part 3 — writers =====================================

def write_csv(frame: pd.DataFrame, path: Path, encoding: str, sep: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=sep, encoding=encoding, index=False, lineterminator="\n")


def cell(v):
    if v is None or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
        return None
    return v.to_pydatetime() if isinstance(v, pd.Timestamp) else v.item() if hasattr(v, "item") else v


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str, date_columns=()):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([cell(v) for v in row])
    for col in date_columns:
        idx = list(frame.columns).index(col) + 1
        for (c,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
            c.number_format = "DD.MM.YYYY"
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "tools/reconstruct_raw_data.py"
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()   # save_workbook would reset `modified`
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:   # fixed entry times → byte-identical files
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            out.writestr(entry, source.read(info.filename))


def persons():
    """Register of persons for the pseudonymisation guard. The real register (coordinators,
    interviewees) is confidential; these are the customary German placeholder names, fictitious."""
    return pd.DataFrame([
        {"Name": "Erika Mustermann", "Rolle": "Koordinierungskraft (fiktiver Testeintrag)"},
        {"Name": "Max Mustermann", "Rolle": "Interviewpartner Leitungsebene (fiktiver Testeintrag)"},
    ])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "data" / "raw")
    parser.add_argument("--register", type=Path, default=REGISTER_SRC)
    args = parser.parse_args(argv)
    out = args.out if args.out.is_absolute() else REPO / args.out
    rng = random.Random(SEED)
    munis = [Muni(row) for row in MUNICIPALITIES]
    register = out / "reference" / "niedersachsen_kreise.csv"
    register.parent.mkdir(parents=True, exist_ok=True)
    if args.register.resolve() != register.resolve():
        shutil.copyfile(args.register, register)   # byte copy of the official register
    assert {m.ags for m in munis if m.ags} <= set(pd.read_csv(register, sep=";", dtype=str)["AGS"])

    write_csv(municipalities(munis, rng), out / "municipalities.csv", "utf-8-sig", ";")
    write_csv(model_areas(munis, rng), out / "model_areas.csv", "cp1252", ";")
    codebook = pd.DataFrame([r[:5] for r in CODEBOOK], columns=["Code", "Indikator", "Ausprägung", "Bezeichnung", "Definition"])
    write_csv(codebook, out / "coding" / "codebook.csv", "utf-8", ",")
    dates = ["Bearbeitet am", "Erstellt am"]
    documents = document_analysis(munis, rng)
    write_xlsx(maxqda_export(documents), out / "coding" / "document_analysis.xlsx", "Codierte Segmente", dates)
    survey_frame, survey_para = survey(rng)
    talks = interviews(survey_para, rng)
    write_xlsx(maxqda_export(talks), out / "coding" / "interviews.xlsx", "Codierte Segmente", dates)
    write_csv(document_register(documents, talks), out / "coding" / "documents.csv", "utf-8-sig", ";")
    write_csv(offers_families(munis, rng), out / "offers_families.csv", "cp1252", ";")
    write_xlsx(offers_professionals(munis, rng), out / "offers_professionals.xlsx", "Angebote Fachkräfte", ["Datum"])
    write_csv(activities(munis, rng), out / "activities.csv", "utf-8", ",")
    write_csv(survey_frame, out / "survey_coordinators_2021-03.csv", "cp1252", ";")
    write_csv(persons(), out / "persons.csv", "utf-8", ";")
    print(f"Rekonstruierte Rohdaten geschrieben nach {out}")


if __name__ == "__main__":
    main()
