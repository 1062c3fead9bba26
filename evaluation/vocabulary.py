"""The allowed values (codes) of the raw files: one list per field, shared by schemas and findings."""

MUNICIPALITY_TYPES = ["kreisfreie Stadt", "Landkreis", "Region", "Stadt", "Samtgemeinde"]
EVIDENCE = ["belegt", "erschlossen", "Platzhalter"]
MODEL_AREA_KINDS = ["Programmgebiet", "Vertiefung"]
ACTIVITY_KINDS = ["Beratungskontakt", "Beratungskontakt Wirkungsorientierung", "Vortrag",
                  "Workshop Wirkungsorientierung", "Fortbildung", "Tagung", "Publikation",
                  "Social Media"]
FORMATS = ["Präsenz", "digital", "hybrid"]
SATISFACTION = ["sehr zufrieden", "zufrieden", "teils/teils", "weniger zufrieden",
                "unzufrieden", "Enthaltung"]
LIFE_SITUATIONS = ["materiell", "sozial", "kulturell", "gesundheitlich"]
AGE_GROUPS = ["0 bis 3 Jahre", "3 bis 6 Jahre", "6 bis 10 Jahre", "altersübergreifend"]
FAMILY_OFFER_KINDS = ["Beratung und Begleitung", "Bildung", "Soziale Teilhabe",
                      "Gesundheitsförderung", "Information"]
PROFESSIONAL_OFFER_KINDS = ["Fachtag", "Handlungshilfe", "Schulung", "Informationsmedium",
                            "Qualifizierungsreihe"]
