#!/usr/bin/env python3
"""Made-up tweets in the shape of Twitter's v1.1 status JSON, for the stream producer.

The streaming API the reference architecture used to read from is gone, so the producer takes
its statuses from a file or from here. What comes out looks like what `statuses/filter` sent:
`created_at` in Twitter's own format ("Wed Oct 10 20:19:24 +0000 2018"), snowflake ids that
agree with that time, a `user` object, and `entities` (hashtags, user_mentions, urls) whose
`indices` are code-point offsets into `text`, as Twitter counted them. Texts mix languages,
accents, CJK and emoji, so that every hop of the pipeline has to keep UTF-8 intact.

Everything is derived from the seed: `generate(n, seed)` always gives the same tweets, and the
first n tweets of a longer run are the same as a run of n.

    python3 tweets.py --count 20 --seed 7 > sample_tweets.jsonl
"""
import argparse
import datetime
import json
import random
import string
import sys
import unicodedata

# Twitter's snowflake epoch (2010-11-04T01:42:54.657Z), in milliseconds.
SNOWFLAKE_EPOCH_MS = 1288834974657
DEFAULT_START = datetime.datetime(2024, 5, 14, 8, 30, 0, tzinfo=datetime.timezone.utc)
USER_POOL = 150

_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# (first names, last names, location, language) per group of users.
_PEOPLE = [
    (["Camille", "Léa", "Mathéo", "Chloé", "Raphaël", "Inès", "Jérôme", "Zoé"],
     ["Dupré", "Lefèvre", "Moreau", "Girard", "Bénard", "Fournier"], "Lyon, France", "fr"),
    (["José", "Lucía", "Martín", "Sofía", "Iñaki", "Begoña"],
     ["García", "Muñoz", "Pérez", "Ibáñez", "Núñez"], "Bilbao", "es"),
    (["Jürgen", "Lena", "Björn", "Anneliese", "Maximilian"],
     ["Müller", "Schröder", "Weiß", "Groß", "Köhler"], "München", "de"),
    (["Yuki", "Haruto", "Sakura", "Ren"],
     ["Tanaka", "Sato", "Suzuki", "Takahashi"], "東京", "ja"),
    (["Olivia", "Liam", "Ava", "Noah", "Emma", "Ethan", "Grace", "Dev"],
     ["Smith", "O'Connor", "Nguyen", "Patel", "Johnson", "Okafor"], "Seattle, WA", "en"),
    (["Łukasz", "Zofia", "Michał", "Agnieszka"],
     ["Wójcik", "Kowalczyk", "Lewandowski"], "Kraków", "pl"),
    (["João", "Beatriz", "Gonçalo"], ["Conceição", "Magalhães", "Simões"], "Lisboa", "pt"),
]
_BIOS = ["Data engineer. Opinions are my own.", "Café, vélo et streaming de données ☕🚴",
         "Serverless all the things ⚡", "Ingeniera de datos · Bilbao", "Kaffee & Kubernetes",
         "クラウドとラーメンが好き🍜", "Building pipelines that do not page me at 3am",
         "Runner 🏃‍♀️ | SRE | she/her", ""]

_HASHTAGS = ["serverless", "AWS", "Kinesis", "Lambda", "DynamoDB", "DataEngineering", "IoT",
             "streaming", "café", "東京", "Fußball", "réinvent", "NodeJS", "Python", "CloudNative",
             "ÉtéIndien", "año2024", "100DaysOfCode"]
_SITES = [("https://example.com/blog/{}", "example.com/blog/{}"),
          ("https://docs.example.org/guide/{}", "docs.example.org/guide/{}"),
          ("https://news.example.net/articles/{}", "news.example.net/articles/{}")]

_PHRASES = {
    "en": ["Just shipped a new stream processor", "Who else is debugging shard iterators today?",
           "Latency down from 1.2 s to 8 ms", "Reading about exactly-once delivery again",
           "Coffee first, then the postmortem", "This dashboard finally makes sense",
           "Hot take: batch size 25 is plenty", "The table filled up faster than I could scroll"],
    "fr": ["Enfin un pipeline qui tient la charge !", "Qui d'autre relit la doc à 23h ?",
           "Déploiement réussi, on fête ça", "Les événements arrivent déjà dans la table",
           "Café, croissant et flux Kinesis"],
    "es": ["¿Alguien más probando funciones sin servidor?", "¡Por fin funciona el despliegue!",
           "Mañana presento la demo en la oficina", "Cien mil eventos y ni un error"],
    "de": ["Endlich läuft die Pipeline stabil", "Größer, schneller, günstiger – so soll's sein",
           "Wer braucht schon Server? Ich nicht.", "Übrigens: die Latenz ist großartig"],
    "ja": ["今日のデプロイは成功しました", "ストリーム処理の勉強中です", "東京は雨ですが、コードは晴れ",
           "ラムダ関数が速すぎる"],
    "pl": ["Wreszcie działa! Żadnych błędów", "Zaczynam przygodę z przetwarzaniem strumieni"],
    "pt": ["Ação! O pipeline está no ar", "Não acredito que funcionou à primeira"],
}
_EMOJI = ["🚀", "🎉", "☕", "🔥", "✅", "📈", "🙌", "😅", "⚡", "🌧️", "🇫🇷"]
_SOURCES = [
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
]


def format_created_at(when):
    """Twitter's `created_at`: "Wed Oct 10 20:19:24 +0000 2018" (always UTC, English names)."""
    when = when.astimezone(datetime.timezone.utc)
    return "%s %s %02d %02d:%02d:%02d +0000 %d" % (
        _DAYS[when.weekday()], _MONTHS[when.month - 1], when.day, when.hour, when.minute,
        when.second, when.year)


def parse_created_at(text):
    """The inverse of format_created_at, as an aware UTC datetime."""
    return datetime.datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")


def iso_timestamp(created_at):
    """What JavaScript's `new Date(created_at).toISOString()` gives: UTC, milliseconds, 'Z'."""
    when = parse_created_at(created_at).astimezone(datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (when.microsecond // 1000)


def snowflake(ms, worker, sequence):
    return ((ms - SNOWFLAKE_EPOCH_MS) << 22) | ((worker & 0x3FF) << 12) | (sequence & 0xFFF)


def _ascii(name):
    """"Łukasz Müller" -> "LukaszMuller": what people type when a handle must be ASCII."""
    name = name.translate({ord("Ł"): "L", ord("ł"): "l", ord("ß"): "ss", ord("'"): None})
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if c in string.ascii_letters + string.digits + "_")


def _screen_name(rnd, first, last, taken):
    base = _ascii(first + rnd.choice(["", "_", ""]) + last)
    base = base.lower() if rnd.random() < 0.6 else base
    while True:
        name = (base[:11] + str(rnd.randint(1, 9999)))[:15] if rnd.random() < 0.7 else base[:15]
        if name and name not in taken:
            taken.add(name)
            return name


def make_users(rnd, count=USER_POOL):
    """A pool of accounts: display names with accents or CJK, ASCII screen names (≤15)."""
    users, taken = [], set()
    for _ in range(count):
        firsts, lasts, location, lang = rnd.choice(_PEOPLE)
        first, last = rnd.choice(firsts), rnd.choice(lasts)
        joined = datetime.datetime(2008, 1, 1, tzinfo=datetime.timezone.utc) + \
            datetime.timedelta(seconds=rnd.randint(0, 15 * 365 * 86400))
        uid = rnd.randint(10 ** 6, 2 ** 53)
        users.append({
            "id": uid, "id_str": str(uid), "name": "%s %s" % (first, last),
            "screen_name": _screen_name(rnd, first, last, taken),
            "location": location, "url": None, "description": rnd.choice(_BIOS),
            "protected": False, "verified": rnd.random() < 0.05,
            "followers_count": int(rnd.paretovariate(1.2) * 40),
            "friends_count": rnd.randint(0, 2000), "listed_count": rnd.randint(0, 40),
            "favourites_count": rnd.randint(0, 50000), "statuses_count": rnd.randint(1, 90000),
            "created_at": format_created_at(joined), "utc_offset": None, "time_zone": None,
            "geo_enabled": rnd.random() < 0.2, "lang": None,
            "profile_image_url_https":
                "https://pbs.twimg.com/profile_images/%d/avatar_normal.jpg" % rnd.randint(
                    10 ** 17, 10 ** 18),
            "default_profile": rnd.random() < 0.3, "default_profile_image": False,
            "_lang": lang,  # removed before use: picks the language of the user's tweets
        })
    return users


class _Text:
    """Builds a tweet's text and its entities, recording code-point offsets as Twitter did."""

    def __init__(self):
        self.text = ""
        self.entities = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}

    def add(self, piece):
        if self.text and not self.text.endswith(" "):
            self.text += " "
        start = len(self.text)
        self.text += piece
        return [start, len(self.text)]

    def hashtag(self, tag):
        self.entities["hashtags"].append({"text": tag, "indices": self.add("#" + tag)})

    def mention(self, user):
        self.entities["user_mentions"].append({
            "screen_name": user["screen_name"], "name": user["name"], "id": user["id"],
            "id_str": user["id_str"], "indices": self.add("@" + user["screen_name"])})

    def url(self, rnd):
        short = "https://t.co/" + "".join(rnd.choice(string.ascii_letters + string.digits)
                                          for _ in range(10))
        expanded, display = rnd.choice(_SITES)
        slug = "%s-%d" % (rnd.choice(["pipelines", "latency", "kinesis", "dynamo", "notes"]),
                          rnd.randint(1, 999))
        self.entities["urls"].append({"url": short, "expanded_url": expanded.format(slug),
                                      "display_url": display.format(slug),
                                      "indices": self.add(short)})


def _tweet(rnd, ms, worker, sequence, user, users, recent):
    text = _Text()
    reply_to = None
    if recent and rnd.random() < 0.15:  # a reply starts with the mention of its author
        reply_to = rnd.choice(recent)
        text.mention(reply_to["user"])
    elif rnd.random() < 0.3:
        text.mention(rnd.choice(users))
    text.add(rnd.choice(_PHRASES[user["_lang"]]))
    if rnd.random() < 0.5:
        text.add(rnd.choice(_EMOJI))
    for tag in rnd.sample(_HASHTAGS, rnd.choice([0, 1, 1, 2, 3])):
        text.hashtag(tag)
    if rnd.random() < 0.4:
        text.url(rnd)
    if rnd.random() < 0.1:
        text.mention(rnd.choice(users))
    assert len(text.text) <= 280
    tid = snowflake(ms, worker, sequence)
    created = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    author = {k: v for k, v in user.items() if not k.startswith("_")}
    return {
        "created_at": format_created_at(created), "id": tid, "id_str": str(tid),
        "text": text.text, "source": rnd.choice(_SOURCES), "truncated": False,
        "in_reply_to_status_id": reply_to["id"] if reply_to else None,
        "in_reply_to_status_id_str": reply_to["id_str"] if reply_to else None,
        "in_reply_to_user_id": reply_to["user"]["id"] if reply_to else None,
        "in_reply_to_user_id_str": reply_to["user"]["id_str"] if reply_to else None,
        "in_reply_to_screen_name": reply_to["user"]["screen_name"] if reply_to else None,
        "user": author, "geo": None, "coordinates": None, "place": None,
        "contributors": None, "is_quote_status": False, "quote_count": 0, "reply_count": 0,
        "retweet_count": 0, "favorite_count": 0, "entities": text.entities,
        "favorited": False, "retweeted": False,
        "possibly_sensitive": False if text.entities["urls"] else None,
        "filter_level": "low", "lang": user["_lang"], "timestamp_ms": str(ms),
    }


def generate(count=None, seed=0, start=DEFAULT_START):
    """Yields `count` tweets (endlessly when count is None), deterministic for a seed.

    Tweets are a second or so apart on average, starting at `start`; ids are unique snowflakes
    of their creation time, in increasing order."""
    rnd = random.Random(seed)
    users = make_users(rnd)
    worker = rnd.randint(0, 1023)
    ms = int(start.timestamp() * 1000)
    last_ms, sequence = None, 0
    recent = []
    n = 0
    while count is None or n < count:
        ms += int(rnd.expovariate(1 / 900.0))
        sequence = sequence + 1 if ms == last_ms else 0
        last_ms = ms
        user = rnd.choice(users)
        tweet = _tweet(rnd, ms, worker, sequence, user, users, recent)
        recent = (recent + [tweet])[-50:]
        yield tweet
        n += 1


def main():
    ap = argparse.ArgumentParser(description="Print generated tweets as JSON lines.")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    for tweet in generate(a.count, a.seed):
        sys.stdout.write(json.dumps(tweet, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
