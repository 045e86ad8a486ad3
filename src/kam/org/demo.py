"""The demo company's organisation: one region, two key account departments and the service posts."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from kam.core.demo import DEMO_PASSWORD, DemoContext
from kam.org.models import Department, DepartmentKind, Post, Territory, User

# Hangzhou districts as simple boxes (WGS-84, [lng, lat]); codes are GB/T 2260.
TERRITORIES = [
    ("上城区", "330102", (120.15, 30.20, 120.26, 30.30)),
    ("拱墅区", "330105", (120.08, 30.28, 120.20, 30.40)),
    ("西湖区", "330106", (119.98, 30.12, 120.16, 30.32)),
    ("滨江区", "330108", (120.12, 30.15, 120.24, 30.22)),
    ("萧山区", "330109", (120.10, 29.85, 120.60, 30.20)),
    ("余杭区", "330110", (119.70, 30.20, 120.10, 30.55)),
    ("临平区", "330113", (120.20, 30.35, 120.45, 30.50)),
    ("钱塘区", "330114", (120.30, 30.20, 120.60, 30.40)),
]

# username, full name, department key, posts, supervisor username
PEOPLE = [
    ("admin", "系统管理员", "company", ["admin"], None),
    ("zhoujianguo", "周建国", "region", ["regional_manager"], None),
    ("liming", "李明", "ka1", ["ka_manager"], "zhoujianguo"),
    ("wangfang", "王芳", "ka2", ["ka_manager"], "zhoujianguo"),
    ("zhangwei", "张伟", "ka1", ["specialist"], "liming"),
    ("liuyang", "刘洋", "ka1", ["specialist"], "liming"),
    ("chenxi", "陈曦", "ka1", ["specialist"], "liming"),
    ("yangfan", "杨帆", "ka1", ["specialist"], "liming"),
    ("huanglei", "黄磊", "ka2", ["specialist"], "wangfang"),
    ("zhaomin", "赵敏", "ka2", ["specialist"], "wangfang"),
    ("wujing", "吴静", "ka2", ["specialist"], "wangfang"),
    ("sunhao", "孙浩", "ka2", ["specialist"], "wangfang"),
    ("zhaoqiang", "赵强", "kaservice", ["service_director"], "zhoujianguo"),
    ("qianjin", "钱进", "inspection", ["inspector"], None),
    ("chenjing", "陈静", "cs", ["cs_manager"], None),
    ("linna", "林娜", "cs", ["cs_duty"], "chenjing"),
    ("hetao", "何涛", "cs", ["cs_duty"], "chenjing"),
    ("xuli", "徐丽", "callcentre", ["call_centre"], "chenjing"),
    ("guoyan", "郭燕", "callcentre", ["call_centre"], "chenjing"),
    ("majun", "马骏", "resource", ["resource_centre"], "chenjing"),
    ("luoping", "罗平", "repair", ["department_staff"], None),
    ("songkai", "宋凯", "repair", ["department_staff"], "luoping"),
    ("zhenghua", "郑华", "gm", ["general_manager"], None),
    ("fengli", "冯丽", "finance", ["finance"], None),
    ("dengyu", "邓雨", "office", ["company_office"], None),
]

DEPARTMENTS = [
    # key, name, kind, parent key
    ("company", "华信实业有限公司", DepartmentKind.COMPANY, None),
    ("region", "华东大区", DepartmentKind.REGION, "company"),
    ("ka1", "大客户一部", DepartmentKind.DEPARTMENT, "region"),
    ("ka2", "大客户二部", DepartmentKind.DEPARTMENT, "region"),
    ("kaservice", "大客户服务部", DepartmentKind.DEPARTMENT, "region"),
    ("cs", "客户服务部", DepartmentKind.DEPARTMENT, "company"),
    ("callcentre", "呼叫中心", DepartmentKind.DEPARTMENT, "cs"),
    ("resource", "服务信息资源中心", DepartmentKind.DEPARTMENT, "cs"),
    ("repair", "维修服务部", DepartmentKind.DEPARTMENT, "company"),
    ("inspection", "营销部督查组", DepartmentKind.DEPARTMENT, "company"),
    ("gm", "总经理办公室", DepartmentKind.DEPARTMENT, "company"),
    ("finance", "财务部", DepartmentKind.DEPARTMENT, "company"),
    ("office", "公司办公室", DepartmentKind.DEPARTMENT, "company"),
]

HEADS = {
    "region": "zhoujianguo",
    "ka1": "liming",
    "ka2": "wangfang",
    "kaservice": "zhaoqiang",
    "cs": "chenjing",
    "callcentre": "xuli",
    "resource": "majun",
    "repair": "luoping",
    "inspection": "qianjin",
    "gm": "zhenghua",
    "finance": "fengli",
    "office": "dengyu",
    "company": "zhenghua",
}


def box(west: float, south: float, east: float, north: float) -> dict[str, object]:
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def seed_organisation(ctx: DemoContext) -> None:
    departments: dict[str, Department] = {}
    for key, name, kind, parent in DEPARTMENTS:
        departments[key] = Department.objects.create(
            name=name, kind=kind, parent=departments[parent] if parent else None
        )
    territories = [
        Territory.objects.create(name=name, region_codes=[code], boundary=box(*bbox))
        for name, code, bbox in TERRITORIES
    ]
    posts = {p.code: p for p in Post.objects.all()}
    users: dict[str, User] = {}
    specialists = 0
    password = make_password(DEMO_PASSWORD)
    for index, (username, full_name, dep, codes, supervisor) in enumerate(PEOPLE):
        user = User(
            username=username,
            full_name=full_name,
            department=departments[dep],
            supervisor=users.get(supervisor) if supervisor else None,
            phone=f"1380571{index:04d}",
            email=f"{username}@example.com",
            is_staff=username == "admin",
            is_superuser=username == "admin",
        )
        if "specialist" in codes:
            user.territory = territories[specialists]
            specialists += 1
        user.password = password
        user.save()
        user.posts.set([posts[c] for c in codes])
        users[username] = user
        ctx.progress(index + 1, len(PEOPLE))
    for key, username in HEADS.items():
        departments[key].head = users[username]
        departments[key].save(update_fields=["head"])
    ctx.data.update(departments=departments, users=users, territories=territories)


STEPS = [(10, "Organisation, posts and territories", seed_organisation)]
