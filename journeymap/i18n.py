"""Interface text in every shipped language (en, de, nl, tr).

Each key maps to its text per language; a test fails when a language lacks a
key. Texts may hold ``{name}`` placeholders filled by :func:`text`.
"""

from __future__ import annotations

from typing import Literal, get_args

#: The languages journeymap speaks: the report, the diagram and the starter journeys.
Language = Literal["en", "de", "nl", "tr"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

TEXTS: dict[str, dict[str, str]] = {
    "legend": {"en": "Legend", "de": "Legende", "nl": "Legenda", "tr": "Açıklama"},
    "legend.cx": {
        "en": "CX touchpoint",
        "de": "CX-Kontaktpunkt",
        "nl": "CX-contactpunt",
        "tr": "CX temas noktası",
    },
    "legend.cs": {
        "en": "CS touchpoint (customer service)",
        "de": "CS-Kontaktpunkt (Kundenservice)",
        "nl": "CS-contactpunt (klantenservice)",
        "tr": "CS temas noktası (müşteri hizmetleri)",
    },
    "legend.pain": {
        "en": "⚠ has pain points",
        "de": "⚠ hat Schmerzpunkte",
        "nl": "⚠ heeft pijnpunten",
        "tr": "⚠ sorun noktası var",
    },
    "legend.flow": {"en": "flow", "de": "Weg", "nl": "stroom", "tr": "akış"},
    "legend.handoff": {
        "en": "hand-over CX↔CS, context kept",
        "de": "Übergabe CX↔CS, Kontext bleibt",
        "nl": "overdracht CX↔CS, context blijft",
        "tr": "CX↔CS devri, bağlam korunur",
    },
    "legend.handoff_lost": {
        "en": "hand-over, context lost",
        "de": "Übergabe, Kontext geht verloren",
        "nl": "overdracht, context gaat verloren",
        "tr": "devir, bağlam kaybolur",
    },
    "legend.targets": {
        "en": "✓ target met   ✗ target missed",
        "de": "✓ Ziel erreicht   ✗ Ziel verfehlt",
        "nl": "✓ doel gehaald   ✗ doel gemist",
        "tr": "✓ hedef tuttu   ✗ hedef tutmadı",
    },
    "legend.emotion": {
        "en": "☺ +2 … ☹ −2 customer emotion",
        "de": "☺ +2 … ☹ −2 Gefühl der Kundschaft",
        "nl": "☺ +2 … ☹ −2 emotie van de klant",
        "tr": "☺ +2 … ☹ −2 müşteri duygusu",
    },
    "pain_points.one": {
        "en": "{count} pain point",
        "de": "{count} Schmerzpunkt",
        "nl": "{count} pijnpunt",
        "tr": "{count} sorun noktası",
    },
    "pain_points.other": {
        "en": "{count} pain points",
        "de": "{count} Schmerzpunkte",
        "nl": "{count} pijnpunten",
        "tr": "{count} sorun noktası",
    },
    "phase.awareness": {
        "en": "Awareness",
        "de": "Aufmerksamkeit",
        "nl": "Bewustwording",
        "tr": "Farkındalık",
    },
    "phase.consideration": {
        "en": "Consideration",
        "de": "Abwägung",
        "nl": "Overweging",
        "tr": "Değerlendirme",
    },
    "phase.purchase": {"en": "Purchase", "de": "Kauf", "nl": "Aankoop", "tr": "Satın alma"},
    "phase.loyalty": {"en": "Loyalty", "de": "Bindung", "nl": "Loyaliteit", "tr": "Sadakat"},
    "phase.advocacy": {"en": "Advocacy", "de": "Empfehlung", "nl": "Aanbeveling", "tr": "Tavsiye"},
    "metric.retention_rate": {
        "en": "Retention",
        "de": "Bindung",
        "nl": "Behoud",
        "tr": "Elde tutma",
    },
    "metric.resolution_rate": {"en": "Resolved", "de": "Gelöst", "nl": "Opgelost", "tr": "Çözüm"},
    "metric.task_success_rate": {
        "en": "Task success",
        "de": "Aufgabe gelöst",
        "nl": "Taak gelukt",
        "tr": "Görev başarısı",
    },
    "metric.error_rate": {"en": "Errors", "de": "Fehler", "nl": "Fouten", "tr": "Hata"},
    "metric.abandonment_rate": {
        "en": "Abandoned",
        "de": "Abbruch",
        "nl": "Afgehaakt",
        "tr": "Terk",
    },
    "metric.time_on_task": {
        "en": "Time on task",
        "de": "Dauer",
        "nl": "Duur",
        "tr": "Görev süresi",
    },
    "metric.clicks_to_completion": {
        "en": "Clicks",
        "de": "Klicks",
        "nl": "Klikken",
        "tr": "Tıklama",
    },
    "state.current": {
        "en": "current state",
        "de": "Ist-Zustand",
        "nl": "huidige situatie",
        "tr": "mevcut durum",
    },
    "state.future": {
        "en": "future state",
        "de": "Soll-Zustand",
        "nl": "gewenste situatie",
        "tr": "hedef durum",
    },
    "goal": {"en": "Goal", "de": "Ziel", "nl": "Doel", "tr": "Hedef"},
    "report.title": {
        "en": "Journey report",
        "de": "Bericht zur Kundenreise",
        "nl": "Klantreisrapport",
        "tr": "Müşteri yolculuğu raporu",
    },
    "report.personas": {"en": "Personas", "de": "Personas", "nl": "Persona's", "tr": "Personalar"},
    "report.state": {"en": "State", "de": "Zustand", "nl": "Situatie", "tr": "Durum"},
    "report.contents": {"en": "Contents", "de": "Inhalt", "nl": "Inhoud", "tr": "İçindekiler"},
    "report.grid": {
        "en": "Journey grid",
        "de": "Raster der Kundenreise",
        "nl": "Klantreisraster",
        "tr": "Yolculuk tablosu",
    },
    "report.stage": {"en": "Stage", "de": "Phase", "nl": "Fase", "tr": "Aşama"},
    "report.customer_goal": {
        "en": "Customer goal",
        "de": "Ziel der Kundschaft",
        "nl": "Doel van de klant",
        "tr": "Müşteri hedefi",
    },
    "report.touchpoints": {
        "en": "Touchpoints",
        "de": "Kontaktpunkte",
        "nl": "Contactpunten",
        "tr": "Temas noktaları",
    },
    "report.channels": {"en": "Channels", "de": "Kanäle", "nl": "Kanalen", "tr": "Kanallar"},
    "report.emotion": {
        "en": "Emotion curve",
        "de": "Gefühlskurve",
        "nl": "Emotiecurve",
        "tr": "Duygu eğrisi",
    },
    "report.emotion_label": {
        "en": "Customer emotion per touchpoint, from −2 (very negative) to +2 (very positive)",
        "de": "Gefühl der Kundschaft je Kontaktpunkt, von −2 (sehr negativ) bis +2 (sehr positiv)",
        "nl": "Emotie van de klant per contactpunt, van −2 (zeer negatief) tot +2 (zeer positief)",
        "tr": "Temas noktası başına müşteri duygusu, −2 (çok olumsuz) ile +2 (çok olumlu) arası",
    },
    "report.pain_points": {
        "en": "Pain points",
        "de": "Schmerzpunkte",
        "nl": "Pijnpunten",
        "tr": "Sorun noktaları",
    },
    "report.opportunities": {
        "en": "Opportunities",
        "de": "Chancen",
        "nl": "Kansen",
        "tr": "Fırsatlar",
    },
    "report.diagram": {
        "en": "Journey map",
        "de": "Journey-Map",
        "nl": "Klantreiskaart",
        "tr": "Yolculuk haritası",
    },
    "report.diagram_missing": {
        "en": "The diagram could not be drawn: {reason}",
        "de": "Das Diagramm konnte nicht gezeichnet werden: {reason}",
        "nl": "Het diagram kon niet worden getekend: {reason}",
        "tr": "Diyagram çizilemedi: {reason}",
    },
    "report.metrics": {"en": "Metrics", "de": "Kennzahlen", "nl": "Metrieken", "tr": "Ölçümler"},
    "report.sources": {
        "en": "Measured from",
        "de": "Gemessen aus",
        "nl": "Gemeten uit",
        "tr": "Ölçüm kaynakları",
    },
    "report.source.responses": {
        "en": "survey responses",
        "de": "Umfrageantworten",
        "nl": "enquêteantwoorden",
        "tr": "anket yanıtları",
    },
    "report.source.tickets": {
        "en": "tickets",
        "de": "Tickets",
        "nl": "tickets",
        "tr": "destek talepleri",
    },
    "report.rows_used.one": {
        "en": "{count} row used",
        "de": "{count} Zeile verwendet",
        "nl": "{count} rij gebruikt",
        "tr": "{count} satır kullanıldı",
    },
    "report.rows_used.other": {
        "en": "{count} rows used",
        "de": "{count} Zeilen verwendet",
        "nl": "{count} rijen gebruikt",
        "tr": "{count} satır kullanıldı",
    },
    "report.rows_skipped.one": {
        "en": "{count} unusable row left out",
        "de": "{count} unbrauchbare Zeile ausgelassen",
        "nl": "{count} onbruikbare rij weggelaten",
        "tr": "{count} kullanılamaz satır atlandı",
    },
    "report.rows_skipped.other": {
        "en": "{count} unusable rows left out",
        "de": "{count} unbrauchbare Zeilen ausgelassen",
        "nl": "{count} onbruikbare rijen weggelaten",
        "tr": "{count} kullanılamaz satır atlandı",
    },
    "report.rows_outside.one": {
        "en": "{count} row outside the period",
        "de": "{count} Zeile außerhalb des Zeitraums",
        "nl": "{count} rij buiten de periode",
        "tr": "{count} satır dönem dışında",
    },
    "report.rows_outside.other": {
        "en": "{count} rows outside the period",
        "de": "{count} Zeilen außerhalb des Zeitraums",
        "nl": "{count} rijen buiten de periode",
        "tr": "{count} satır dönem dışında",
    },
    "report.metrics_touchpoints": {
        "en": "Per touchpoint",
        "de": "Je Kontaktpunkt",
        "nl": "Per contactpunt",
        "tr": "Temas noktası başına",
    },
    "report.metrics_stages": {
        "en": "Rollup per stage",
        "de": "Zusammenfassung je Phase",
        "nl": "Samenvatting per fase",
        "tr": "Aşama başına özet",
    },
    "report.metrics_owners": {
        "en": "Rollup per owner",
        "de": "Zusammenfassung je Verantwortung",
        "nl": "Samenvatting per eigenaar",
        "tr": "Sorumlu başına özet",
    },
    "report.rollup_note": {
        "en": "Rollups weight each value by its sample size n; values without n count once (marked ≈).",
        "de": "Zusammenfassungen gewichten jeden Wert mit seiner Stichprobengröße n; Werte ohne n zählen einfach (mit ≈ markiert).",
        "nl": "Samenvattingen wegen elke waarde met de steekproefgrootte n; waarden zonder n tellen één keer (gemarkeerd met ≈).",
        "tr": "Özetler her değeri örneklem büyüklüğü n ile ağırlıklandırır; n'si olmayan değerler bir kez sayılır (≈ ile işaretli).",
    },
    "report.touchpoint": {
        "en": "Touchpoint",
        "de": "Kontaktpunkt",
        "nl": "Contactpunt",
        "tr": "Temas noktası",
    },
    "report.owner": {"en": "Owner", "de": "Verantwortung", "nl": "Eigenaar", "tr": "Sorumlu"},
    "report.metric": {"en": "Metric", "de": "Kennzahl", "nl": "Metriek", "tr": "Ölçüm"},
    "report.value": {"en": "Value", "de": "Wert", "nl": "Waarde", "tr": "Değer"},
    "report.target": {"en": "Target", "de": "Ziel", "nl": "Doel", "tr": "Hedef"},
    "report.n": {"en": "n", "de": "n", "nl": "n", "tr": "n"},
    "report.status": {"en": "Status", "de": "Status", "nl": "Status", "tr": "Durum"},
    "report.met": {
        "en": "target met",
        "de": "Ziel erreicht",
        "nl": "doel gehaald",
        "tr": "hedef tuttu",
    },
    "report.missed": {
        "en": "target missed",
        "de": "Ziel verfehlt",
        "nl": "doel gemist",
        "tr": "hedef tutmadı",
    },
    "report.no_target": {
        "en": "no target",
        "de": "kein Ziel",
        "nl": "geen doel",
        "tr": "hedef yok",
    },
    "report.no_metrics": {
        "en": "No metrics yet.",
        "de": "Noch keine Kennzahlen.",
        "nl": "Nog geen metrieken.",
        "tr": "Henüz ölçüm yok.",
    },
    "report.coverage": {
        "en": "CS coverage",
        "de": "Abdeckung durch den Kundenservice",
        "nl": "Dekking door klantenservice",
        "tr": "Müşteri hizmetleri kapsamı",
    },
    "report.coverage_owners": {
        "en": "Stages × owners",
        "de": "Phasen × Verantwortung",
        "nl": "Fasen × eigenaren",
        "tr": "Aşamalar × sorumlular",
    },
    "report.coverage_channels": {
        "en": "Stages × channels (CX / CS touchpoints)",
        "de": "Phasen × Kanäle (CX- / CS-Kontaktpunkte)",
        "nl": "Fasen × kanalen (CX- / CS-contactpunten)",
        "tr": "Aşamalar × kanallar (CX / CS temas noktaları)",
    },
    "report.targets_met": {
        "en": "Targets met",
        "de": "Ziele erreicht",
        "nl": "Doelen gehaald",
        "tr": "Tutan hedefler",
    },
    "report.no_cs": {"en": "no CS", "de": "kein CS", "nl": "geen CS", "tr": "CS yok"},
    "report.findings": {"en": "Findings", "de": "Befunde", "nl": "Bevindingen", "tr": "Bulgular"},
    "report.no_findings": {
        "en": "No findings: the journey passes every check.",
        "de": "Keine Befunde: die Kundenreise besteht alle Prüfungen.",
        "nl": "Geen bevindingen: de klantreis doorstaat alle controles.",
        "tr": "Bulgu yok: yolculuk tüm kontrollerden geçiyor.",
    },
    "report.code": {"en": "Code", "de": "Code", "nl": "Code", "tr": "Kod"},
    "report.severity": {"en": "Severity", "de": "Schwere", "nl": "Ernst", "tr": "Önem"},
    "report.where": {"en": "Where", "de": "Stelle", "nl": "Plaats", "tr": "Yer"},
    "report.message": {"en": "Message", "de": "Meldung", "nl": "Melding", "tr": "Mesaj"},
    "report.generated": {
        "en": "Generated on {timestamp}",
        "de": "Erstellt am {timestamp}",
        "nl": "Gemaakt op {timestamp}",
        "tr": "Oluşturulma: {timestamp}",
    },
    "report.made_with": {
        "en": "Made with journeymap",
        "de": "Erstellt mit journeymap",
        "nl": "Gemaakt met journeymap",
        "tr": "journeymap ile oluşturuldu",
    },
    "severity.error": {"en": "error", "de": "Fehler", "nl": "fout", "tr": "hata"},
    "severity.warning": {"en": "warning", "de": "Warnung", "nl": "waarschuwing", "tr": "uyarı"},
    "severity.info": {"en": "info", "de": "Hinweis", "nl": "info", "tr": "bilgi"},
    "lane.emotion": {"en": "Emotion", "de": "Gefühl", "nl": "Emotie", "tr": "Duygu"},
    "lane.all": {
        "en": "All customers",
        "de": "Alle Kunden",
        "nl": "Alle klanten",
        "tr": "Tüm müşteriler",
    },
    "lane.shared": {
        "en": "Shared",
        "de": "Gemeinsam",
        "nl": "Gedeeld",
        "tr": "Ortak",
    },
    "lane.no_channel": {
        "en": "No channel",
        "de": "Ohne Kanal",
        "nl": "Geen kanaal",
        "tr": "Kanal yok",
    },
    "lane.touchpoints": {
        "en": "Touchpoints",
        "de": "Kontaktpunkte",
        "nl": "Contactpunten",
        "tr": "Temas noktaları",
    },
    "channel.web": {"en": "Web", "de": "Web", "nl": "Web", "tr": "Web"},
    "channel.app": {"en": "App", "de": "App", "nl": "App", "tr": "Uygulama"},
    "channel.email": {"en": "E-mail", "de": "E-Mail", "nl": "E-mail", "tr": "E-posta"},
    "channel.sms": {"en": "SMS", "de": "SMS", "nl": "Sms", "tr": "SMS"},
    "channel.phone": {"en": "Phone", "de": "Telefon", "nl": "Telefoon", "tr": "Telefon"},
    "channel.chat": {"en": "Chat", "de": "Chat", "nl": "Chat", "tr": "Sohbet"},
    "channel.social": {
        "en": "Social media",
        "de": "Soziale Medien",
        "nl": "Sociale media",
        "tr": "Sosyal medya",
    },
    "channel.store": {"en": "Store", "de": "Filiale", "nl": "Winkel", "tr": "Mağaza"},
    "channel.mail": {"en": "Post", "de": "Post", "nl": "Post", "tr": "Posta"},
    "channel.other": {"en": "Other", "de": "Sonstige", "nl": "Overig", "tr": "Diğer"},
    "more.one": {
        "en": "+{count} more",
        "de": "+{count} weiterer",
        "nl": "+{count} meer",
        "tr": "+{count} tane daha",
    },
    "more.other": {
        "en": "+{count} more",
        "de": "+{count} weitere",
        "nl": "+{count} meer",
        "tr": "+{count} tane daha",
    },
    "diagram.persona": {
        "en": "Persona: {name}",
        "de": "Persona: {name}",
        "nl": "Persona: {name}",
        "tr": "Persona: {name}",
    },
    "diagram.page": {
        "en": "Page {page} of {pages}",
        "de": "Seite {page} von {pages}",
        "nl": "Pagina {page} van {pages}",
        "tr": "Sayfa {page} / {pages}",
    },
    "diagram.no_stages": {
        "en": "This journey has no stages yet.",
        "de": "Diese Reise hat noch keine Phasen.",
        "nl": "Deze reis heeft nog geen fasen.",
        "tr": "Bu yolculuğun henüz aşaması yok.",
    },
    "owner.CX": {
        "en": "CX – customer experience",
        "de": "CX – Kundenerlebnis",
        "nl": "CX – klantervaring",
        "tr": "CX – müşteri deneyimi",
    },
    "owner.CS": {
        "en": "CS – customer service",
        "de": "CS – Kundenservice",
        "nl": "CS – klantenservice",
        "tr": "CS – müşteri hizmetleri",
    },
    "report.journey": {
        "en": "Whole journey",
        "de": "Ganze Reise",
        "nl": "Hele reis",
        "tr": "Tüm yolculuk",
    },
    "report.changes": {
        "en": "Changes against the current state",
        "de": "Änderungen gegenüber dem Ist-Zustand",
        "nl": "Wijzigingen ten opzichte van de huidige situatie",
        "tr": "Mevcut duruma göre değişiklikler",
    },
    "report.compared_with": {
        "en": "Compared with “{title}”",
        "de": "Verglichen mit „{title}“",
        "nl": "Vergeleken met ‘{title}’",
        "tr": "“{title}” ile karşılaştırıldı",
    },
    "report.no_changes": {
        "en": "Nothing changes against the compared journey.",
        "de": "Gegenüber der verglichenen Reise ändert sich nichts.",
        "nl": "Er verandert niets ten opzichte van de vergeleken reis.",
        "tr": "Karşılaştırılan yolculuğa göre hiçbir şey değişmiyor.",
    },
    "report.change": {
        "en": "Change",
        "de": "Änderung",
        "nl": "Wijziging",
        "tr": "Değişiklik",
    },
    "report.before": {
        "en": "Before",
        "de": "Vorher",
        "nl": "Voor",
        "tr": "Önce",
    },
    "report.after": {
        "en": "After",
        "de": "Nachher",
        "nl": "Na",
        "tr": "Sonra",
    },
    "mark.added": {
        "en": "new",
        "de": "neu",
        "nl": "nieuw",
        "tr": "yeni",
    },
    "mark.changed": {
        "en": "changed",
        "de": "geändert",
        "nl": "gewijzigd",
        "tr": "değişti",
    },
    "mark.moved": {
        "en": "moved here",
        "de": "hierher verschoben",
        "nl": "hierheen verplaatst",
        "tr": "buraya taşındı",
    },
    "change.journey-changed": {
        "en": "Journey changed",
        "de": "Reise geändert",
        "nl": "Reis gewijzigd",
        "tr": "Yolculuk değişti",
    },
    "change.persona-added": {
        "en": "Persona added",
        "de": "Persona hinzugefügt",
        "nl": "Persona toegevoegd",
        "tr": "Persona eklendi",
    },
    "change.persona-removed": {
        "en": "Persona removed",
        "de": "Persona entfernt",
        "nl": "Persona verwijderd",
        "tr": "Persona kaldırıldı",
    },
    "change.persona-changed": {
        "en": "Persona changed",
        "de": "Persona geändert",
        "nl": "Persona gewijzigd",
        "tr": "Persona değişti",
    },
    "change.stage-added": {
        "en": "Stage added",
        "de": "Phase hinzugefügt",
        "nl": "Fase toegevoegd",
        "tr": "Aşama eklendi",
    },
    "change.stage-removed": {
        "en": "Stage removed",
        "de": "Phase entfernt",
        "nl": "Fase verwijderd",
        "tr": "Aşama kaldırıldı",
    },
    "change.stage-renamed": {
        "en": "Stage renamed",
        "de": "Phase umbenannt",
        "nl": "Fase hernoemd",
        "tr": "Aşamanın adı değişti",
    },
    "change.stage-moved": {
        "en": "Stage moved",
        "de": "Phase verschoben",
        "nl": "Fase verplaatst",
        "tr": "Aşama taşındı",
    },
    "change.stage-changed": {
        "en": "Stage changed",
        "de": "Phase geändert",
        "nl": "Fase gewijzigd",
        "tr": "Aşama değişti",
    },
    "change.touchpoint-added": {
        "en": "Touchpoint added",
        "de": "Kontaktpunkt hinzugefügt",
        "nl": "Contactpunt toegevoegd",
        "tr": "Temas noktası eklendi",
    },
    "change.touchpoint-removed": {
        "en": "Touchpoint removed",
        "de": "Kontaktpunkt entfernt",
        "nl": "Contactpunt verwijderd",
        "tr": "Temas noktası kaldırıldı",
    },
    "change.touchpoint-renamed": {
        "en": "Touchpoint renamed",
        "de": "Kontaktpunkt umbenannt",
        "nl": "Contactpunt hernoemd",
        "tr": "Temas noktasının adı değişti",
    },
    "change.touchpoint-moved": {
        "en": "Moved to another stage",
        "de": "In eine andere Phase verschoben",
        "nl": "Naar een andere fase verplaatst",
        "tr": "Başka bir aşamaya taşındı",
    },
    "change.owner-changed": {
        "en": "Owner changed",
        "de": "Verantwortung geändert",
        "nl": "Eigenaar gewijzigd",
        "tr": "Sorumlu değişti",
    },
    "change.channel-changed": {
        "en": "Channel changed",
        "de": "Kanal geändert",
        "nl": "Kanaal gewijzigd",
        "tr": "Kanal değişti",
    },
    "change.emotion-changed": {
        "en": "Emotion changed",
        "de": "Gefühl geändert",
        "nl": "Emotie gewijzigd",
        "tr": "Duygu değişti",
    },
    "change.metric-added": {
        "en": "Metric added",
        "de": "Kennzahl hinzugefügt",
        "nl": "Metriek toegevoegd",
        "tr": "Ölçüm eklendi",
    },
    "change.metric-removed": {
        "en": "Metric removed",
        "de": "Kennzahl entfernt",
        "nl": "Metriek verwijderd",
        "tr": "Ölçüm kaldırıldı",
    },
    "change.metric-changed": {
        "en": "Metric changed",
        "de": "Kennzahl geändert",
        "nl": "Metriek gewijzigd",
        "tr": "Ölçüm değişti",
    },
    "change.touchpoint-changed": {
        "en": "Touchpoint changed",
        "de": "Kontaktpunkt geändert",
        "nl": "Contactpunt gewijzigd",
        "tr": "Temas noktası değişti",
    },
    "change.flow-added": {
        "en": "Flow added",
        "de": "Übergang hinzugefügt",
        "nl": "Overgang toegevoegd",
        "tr": "Akış eklendi",
    },
    "change.flow-removed": {
        "en": "Flow removed",
        "de": "Übergang entfernt",
        "nl": "Overgang verwijderd",
        "tr": "Akış kaldırıldı",
    },
    "change.flow-changed": {
        "en": "Flow changed",
        "de": "Übergang geändert",
        "nl": "Overgang gewijzigd",
        "tr": "Akış değişti",
    },
    "change.finding-introduced": {
        "en": "New finding",
        "de": "Neuer Befund",
        "nl": "Nieuwe bevinding",
        "tr": "Yeni bulgu",
    },
    "change.finding-resolved": {
        "en": "Finding resolved",
        "de": "Befund behoben",
        "nl": "Bevinding opgelost",
        "tr": "Bulgu giderildi",
    },
}


def plural(key: str, lang: str, count: int) -> str:
    """``key.one`` or ``key.other`` by ``count``, with ``{count}`` filled in."""
    return text(f"{key}.{'one' if count == 1 else 'other'}", lang, count=count)


def text(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English when the language is not shipped)."""
    entry = TEXTS[key]
    template = entry.get(lang, entry["en"])
    return template.format(**values) if values else template


#: Metrics known by their acronym in every language; the others have short names above.
ACRONYMS = {"csat": "CSAT", "nps": "NPS", "ces": "CES", "frt": "FRT", "art": "ART"}
EMOTION_MARKS = {-2: "☹ −2", -1: "☹ −1", 0: "○ 0", 1: "☺ +1", 2: "☺ +2"}


def metric_label(metric_id: str, lang: str, fallback: str | None = None) -> str:
    """A short label for a metric: its acronym, its short name in ``lang``, or ``fallback``."""
    if metric_id in ACRONYMS:
        return ACRONYMS[metric_id]
    if f"metric.{metric_id}" in TEXTS:
        return text(f"metric.{metric_id}", lang)
    return fallback or metric_id


def emotion_mark(emotion: float) -> str:
    """``☺ +1``, ``○ 0``, ``☹ −2``: the face and the (rounded) value of an emotion."""
    return EMOTION_MARKS[max(-2, min(2, round(emotion)))]
