#!/usr/bin/env python3
"""Writes sample-district.json: a made-up district modelled on seed 000.

Seed 000 describes a district with 1 community-education college, 8 street
community-education centres, 64 community teaching points and 300+ volunteers
pooled by specialty (computing, foreign languages, law, economics and trade,
management). Seed 001 adds the four district bases, the five teams and 15
teachers seconded to 3 pilot streets. This script builds such a district with
one year (2024) of community records in the shape of DOMAIN.md section 4, with a
realistic spread of results: most communities pass, some are excellent, several
fail, a few hold activities short in some months or send reports late, and a few
rows lack whole groups of fields (no data).

Everything is drawn from a fixed random seed, so the file is the same on every
run. Plain Python 3.11, standard library only:

    python3 examples/data/make_sample.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

SEED = 2024_000
YEAR = 2024
OUT = Path(__file__).with_name("sample-district.json")

STREETS = [
    ("东风街道", "Dongfeng Street"),
    ("瑞金路街道", "Ruijin Road Street"),
    ("苜蓿园街道", "Muxuyuan Street"),
    ("建康路街道", "Jiankang Road Street"),
    ("月牙湖街道", "Yueyahu Street"),
    ("红山街道", "Hongshan Street"),
    ("光华路街道", "Guanghua Road Street"),
    ("梅园街道", "Meiyuan Street"),
]
COMMUNITIES_PER_STREET = 8
# Seed 001: 15 serving teachers seconded to 3 pilot streets.
PILOT_STREETS = ["s-01", "s-03", "s-05"]
TUTORS_PER_PILOT = 5
# Seed 000: "300余名" volunteers; a few have since left.
VOLUNTEERS = 306
FORMER_VOLUNTEERS = 6
LECTURERS = 24
RESEARCHERS = 9
SPECIALTIES = ["computing", "foreign_languages", "law", "economics_trade", "management"]
SPECIALTY_WEIGHTS = [30, 25, 15, 15, 15]
RESIDENTS = (1500, 9000)
SURVEYED = (120, 400)

COMMUNITY_STEMS = (
    "红旗 和平 光明 幸福 建设 胜利 友谊 团结 新村 花园 兰园 梅园 桃源 翠竹 丹凤 锦绣 "
    "龙池 凤凰 银杏 玉兰 紫荆 长青 春晖 朝阳 东苑 西苑 南苑 北苑 金桥 银河 星光 月湾 "
    "湖滨 河畔 清溪 碧水 青石 白鹭 黄埔 绿洲 天竺 文昌 武定 仁和 礼贤 聚宝 安乐 康宁 "
    "富贵 吉祥 如意 瑞祥 嘉禾 丰收 兴隆 永安 常乐 福寿 新华 中山 解放 复兴 民主 卫岗"
).split()
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国春林玉兰红梅志海波宁辉鹏飞斌俊峰琴云凤晨宇欣怡婷"

# Result profiles: (low, high) ranges a community's figures are drawn from.
PROFILES = {
    "excellent": dict(part=(0.27, 0.40), aware=(0.76, 0.92), recog=(0.72, 0.90),
                      sat=(0.55, 0.78), fund=(2.1, 3.6), active=(3, 6), short=(0, 1),
                      missing=(0, 0), late=(0, 1), trainings=[2, 3], meetings=[1, 2],
                      organised=(1, 5), signature=[1, 2, 3]),
    "good": dict(part=(0.19, 0.26), aware=(0.62, 0.76), recog=(0.60, 0.74),
                 sat=(0.40, 0.55), fund=(1.5, 2.2), active=(2, 5), short=(1, 3),
                 missing=(0, 2), late=(1, 2), trainings=[1, 2, 3], meetings=[1, 2],
                 organised=(2, 7), signature=[0, 1, 1]),
    "pass": dict(part=(0.16, 0.23), aware=(0.56, 0.70), recog=(0.54, 0.68),
                 sat=(0.36, 0.50), fund=(1.2, 2.0), active=(2, 4), short=(1, 4),
                 missing=(0, 2), late=(1, 3), trainings=[1, 2], meetings=[0, 1, 1],
                 organised=(3, 8), signature=[0, 1]),
    "fail": dict(part=(0.09, 0.17), aware=(0.45, 0.62), recog=(0.42, 0.60),
                 sat=(0.28, 0.45), fund=(0.8, 1.5), active=(2, 3), short=(3, 7),
                 missing=(1, 4), late=(1, 3), trainings=[0, 1, 2], meetings=[0, 1],
                 organised=(5, 10), signature=[0, 0, 1]),
}
# How many communities get each profile; "no_data" rows drop a group of fields.
PROFILE_COUNTS = {"excellent": 8, "good": 22, "pass": 20, "fail": 9, "no_data": 5}
# What each "no_data" row lacks, in turn.
DROPS = [
    ["surveyed", "aware", "recognising", "satisfied"],
    ["funding_cny"],
    ["activities_by_month", "reports"],
    ["surveyed", "aware", "recognising", "satisfied", "funding_cny"],
    ["staff_trainings", "leading_group_meetings", "centre_organised_on", "signature_courses"],
]
# The deliberate network imperfection: this community names no head (rule N5).
HEADLESS = "c-042"
REPORT_DAY = 25  # rule T7: a report by the 25th of each month
LAST_SAFE_DAY = 28  # a day every month has


class Names:
    """Unique Chinese personal names, drawn from the seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2])))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


def day(month: int, day_of_month: int) -> str:
    return dt.date(YEAR, month, day_of_month).isoformat()


def random_date(rng: random.Random, first: dt.date, last: dt.date) -> str:
    return (first + dt.timedelta(days=rng.randint(0, (last - first).days))).isoformat()


def build_units(rng: random.Random, names: Names) -> list[dict]:
    district = {
        "id": "d",
        "name": "东湖区",
        "level": "district",
        "facilities": ["district_college", "party_member_base", "adult_base",
                       "elderly_base", "children_base"],
    }
    units = [district]
    stems = iter(COMMUNITY_STEMS)
    for s, (zh, _en) in enumerate(STREETS, start=1):
        sid = f"s-{s:02d}"
        units.append({"id": sid, "name": zh, "level": "street", "parent": "d",
                      "facilities": ["street_centre"]})
        for c in range(COMMUNITIES_PER_STREET):
            cid = f"c-{(s - 1) * COMMUNITIES_PER_STREET + c + 1:03d}"
            community = {"id": cid, "name": next(stems) + "社区", "level": "community",
                         "parent": sid, "residents": rng.randint(*RESIDENTS),
                         "facilities": ["teaching_point"], "head": names.next()}
            if cid == HEADLESS:
                del community["head"]
            units.append(community)
    return units


class Roster:
    """Members numbered in the order they are added."""

    def __init__(self, rng: random.Random, names: Names):
        self.rng, self.names, self.members = rng, names, []

    def add(self, teams: list[str], unit: str, specialties=(), left: str | None = None):
        joined = random_date(self.rng, dt.date(2019, 1, 1), dt.date(YEAR, 3, 31))
        member = {"id": f"m-{len(self.members) + 1:04d}", "name": self.names.next(),
                  "teams": teams, "unit": unit}
        if specialties:
            member["specialties"] = list(specialties)
        member["joined"] = joined
        if left:
            member["left"] = left
        self.members.append(member)


def build_members(rng: random.Random, names: Names, units: list[dict]) -> list[dict]:
    roster = Roster(rng, names)
    streets = [u["id"] for u in units if u["level"] == "street"]
    communities = [u["id"] for u in units if u["level"] == "community"]
    # Managers: the district office (a director and two staff), then every street
    # and community; some street managers also lecture.
    for _ in range(3):
        roster.add(["manager"], "d")
    for sid in streets:
        roster.add(["manager", "lecturer"] if rng.random() < 0.3 else ["manager"], sid)
    for cid in communities:
        roster.add(["manager"], cid)
    for sid in PILOT_STREETS:
        for _ in range(TUTORS_PER_PILOT):
            roster.add(["tutor"], sid)
    places = streets + communities * 3  # volunteers mostly teach in communities
    for v in range(VOLUNTEERS):
        count = rng.choice([1, 1, 1, 2, 2, 3])
        chosen = set(rng.choices(SPECIALTIES, weights=SPECIALTY_WEIGHTS, k=count))
        specialties = [s for s in SPECIALTIES if s in chosen]
        left = None
        if v < FORMER_VOLUNTEERS:
            left = random_date(rng, dt.date(YEAR, 4, 1), dt.date(YEAR, 11, 30))
        roster.add(["volunteer"], rng.choice(places), specialties, left)
    for _ in range(LECTURERS):
        roster.add(["lecturer"], rng.choice(["d"] + streets))
    for r in range(RESEARCHERS):
        roster.add(["researcher", "lecturer"] if r == 0 else ["researcher"], "d")
    return roster.members


def uniform(rng: random.Random, bounds: tuple[float, float]) -> float:
    return rng.uniform(*bounds)


def monthly_activities(rng: random.Random, p: dict) -> list[int]:
    """Activities per month; "short" months hold fewer than the 2 rule T6 asks."""
    short = set(rng.sample(range(1, 13), rng.randint(*p["short"])))
    return [rng.randint(0, 1) if m in short else rng.randint(*p["active"])
            for m in range(1, 13)]


def reports(rng: random.Random, p: dict) -> list[str]:
    """1-2 reports a month by the 25th, except months with none and months whose
    only report came late."""
    months = list(range(1, 13))
    missing = set(rng.sample(months, rng.randint(*p["missing"])))
    late = set(rng.sample([m for m in months if m not in missing], rng.randint(*p["late"])))
    dates = []
    for m in months:
        if m in missing:
            continue
        if m in late:
            dates.append(day(m, rng.randint(REPORT_DAY + 1, LAST_SAFE_DAY)))
            continue
        first = rng.randint(5, REPORT_DAY)
        dates.append(day(m, first))
        if rng.random() < 0.4:
            dates.append(day(m, rng.randint(first, LAST_SAFE_DAY)))
    return dates


def survey(rng: random.Random, p: dict, residents: int) -> dict:
    surveyed = min(rng.randint(*SURVEYED), residents)

    def answers(key: str) -> int:
        return min(surveyed, round(surveyed * uniform(rng, p[key])))

    return {"surveyed": surveyed, "aware": answers("aware"),
            "recognising": answers("recog"), "satisfied": answers("sat")}


def record(rng: random.Random, unit: dict, profile: str, drop: list[str]) -> dict:
    p = PROFILES["pass" if profile == "no_data" else profile]
    residents = unit["residents"]
    organised_month = rng.randint(*p["organised"])
    row = {
        "unit": unit["id"],
        "period": str(YEAR),
        "residents": residents,
        "participants": min(residents, round(residents * uniform(rng, p["part"]))),
        **survey(rng, p, residents),
        "funding_cny": int(round(residents * uniform(rng, p["fund"]), -1)),
        "activities_by_month": monthly_activities(rng, p),
        "reports": reports(rng, p),
        "staff_trainings": rng.choice(p["trainings"]),
        "leading_group_meetings": rng.choice(p["meetings"]),
        "centre_organised_on": day(organised_month, rng.randint(1, LAST_SAFE_DAY)),
        "signature_courses": rng.choice(p["signature"]),
    }
    for field in drop:
        row.pop(field, None)
    return row


def build_records(rng: random.Random, units: list[dict]) -> list[dict]:
    communities = [u for u in units if u["level"] == "community"]
    profiles = [name for name, n in PROFILE_COUNTS.items() for _ in range(n)]
    assert len(profiles) == len(communities)
    rng.shuffle(profiles)
    drops = iter(DROPS)
    rows = []
    for unit, profile in zip(communities, profiles):
        drop = next(drops) if profile == "no_data" else []
        rows.append(record(rng, unit, profile, drop))
    return rows


BOOKS_SEED = 2024_001  # a second stream, so adding books left the rest unchanged
ROUND_QUOTA = 5        # seed 001: five of each category after the first year
ESTATES = ["阳光", "翠苑", "金色家园", "锦华", "馨园", "康桥", "枫林", "御景", "怡和"]
ORGANS = ["区教育局", "区文化馆", "区卫健委", "区司法局", "区人社局", "区图书馆", "区科协"]


def build_rounds(rng: random.Random) -> list[dict]:
    """Seed 001's quotas: 5 per category; communities come from the records."""
    def candidates(prefix: str, count: int) -> list[dict]:
        return [{"id": f"{prefix}-{i + 1:03}", "score": round(rng.uniform(62, 98), 1),
                 "met": rng.randint(6, 11)} for i in range(count)]
    estates = candidates("e", len(ESTATES))
    estates[3]["score"] = estates[5]["score"]  # a tie, so the tie-break shows
    return [
        {"category": "community", "year": YEAR, "quota": ROUND_QUOTA, "min_score": 75},
        {"category": "estate", "year": YEAR, "quota": ROUND_QUOTA, "min_score": 60, "candidates": estates},
        {"category": "organ", "year": YEAR, "quota": ROUND_QUOTA, "min_score": 60,
         "candidates": candidates("o", len(ORGANS))},
        {"category": "family", "year": YEAR, "quota": ROUND_QUOTA, "min_score": 60,
         "candidates": candidates("f", 12)},
    ]


def build_books(rng: random.Random, units: list[dict], members: list[dict], records: list[dict]):
    """Funding per community matching its record's funding_cny, and its spending:
    teacher fees, residents' lost time, awards. Two deliberate findings: a teacher
    fee paid to a volunteer (M2) and a banquet, not an allowed category (M1)."""
    fundings, expenses = [], []
    teachers = [m["id"] for m in members if "lecturer" in m["teams"] and "manager" not in m["teams"]]
    volunteer = next(m["id"] for m in members if m["teams"] == ["volunteer"])
    for r in records:
        total = r.get("funding_cny")
        if total is None:
            continue
        street_part = round(total * rng.uniform(0.1, 0.3))
        fundings.append({"unit": r["unit"], "channel": "district_budget", "amount": total - street_part})
        fundings.append({"unit": r["unit"], "channel": "street", "amount": street_part})
        spent = total * rng.uniform(0.7, 1.0)
        for category, share in [("teacher_fee", 0.4), ("lost_time_compensation", 0.3),
                                ("awards", 0.1), ("other_activity", 0.2)]:
            e = {"unit": r["unit"], "date": day(rng.randint(1, 12), 15), "category": category,
                 "amount": round(spent * share, 2)}
            if category == "teacher_fee":
                e.update({"payee": rng.choice(teachers), "payee_kind": "teacher"})
            expenses.append(e)
    expenses[0].update({"payee": volunteer, "payee_kind": "volunteer"})
    expenses.append({"unit": records[5]["unit"], "date": day(12, 20), "category": "banquet", "amount": 800.0})
    return fundings, expenses


def check(doc: dict) -> None:
    """The promises the sample makes: possible figures, dates inside the year."""
    for r in doc["records"]:
        assert r.get("participants", 0) <= r["residents"]
        for key in ("aware", "recognising", "satisfied"):
            if key in r:
                assert r[key] <= r["surveyed"]
        if "activities_by_month" in r:
            assert len(r["activities_by_month"]) == 12
        for d in r.get("reports", []) + [r.get("centre_organised_on", f"{YEAR}-01-01")]:
            assert dt.date.fromisoformat(d).year == YEAR
    ids = [m["id"] for m in doc["members"]]
    assert len(ids) == len(set(ids))


def dumps(value, indent: int = 0, width: int = 200) -> str:
    """JSON laid out for reading: a unit or member per line when it fits, lists
    of plain values on one line, everything else indented."""
    flat = json.dumps(value, ensure_ascii=False)
    scalar_list = isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value)
    if not isinstance(value, (dict, list)) or scalar_list or indent + len(flat) <= width:
        return flat
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 2, width)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [inner + dumps(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


def main() -> None:
    rng = random.Random(SEED)
    names = Names(rng)
    units = build_units(rng, names)
    members = build_members(rng, names, units)
    records = build_records(rng, units)
    books = random.Random(BOOKS_SEED)
    rounds = build_rounds(books)
    fundings, expenses = build_books(books, units, members, records)
    doc = {
        "name": {"zh": "东湖区(示例)", "en": "Donghu District (sample)"},
        "year": YEAR,
        "notes": {
            "zh": "虚构的示例城区,仿照种子文件000:1所社区教育学院、8个街道社区教育中心、64个社区教学点、"
                  "300余名志愿者。由 examples/data/make_sample.py 以固定随机种子生成。"
                  f"有意保留一处网络缺陷:社区 {HEADLESS} 未填写学习中心负责人(规则 N5)。",
            "en": "A made-up district modelled on seed 000: 1 community-education college, "
                  "8 street centres, 64 community teaching points and 300+ volunteers. "
                  "Generated by examples/data/make_sample.py from a fixed random seed. "
                  f"One network imperfection is deliberate: community {HEADLESS} names no "
                  "head of its learning centre (rule N5).",
        },
        "units": units,
        "members": members,
        "records": records,
        "rounds": rounds,
        "fundings": fundings,
        "expenses": expenses,
    }
    check(doc)
    OUT.write_text(dumps(doc) + "\n", encoding="utf-8")
    print(f"wrote {OUT.name}: {len(units)} units, {len(members)} members, {len(records)} records, "
          f"{len(rounds)} rounds, {len(fundings)} fundings, {len(expenses)} expenses")


if __name__ == "__main__":
    main()
