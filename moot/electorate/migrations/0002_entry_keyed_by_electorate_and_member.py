# Entries keyed by (electorate, member), without an id, extra indexes or database foreign keys:
# a compile writes one row per member and pays for each of those per row (docs/benchmarks.md).
# Django cannot change a table's primary key in place, so the entries move to a new table.

import django.db.models.deletion
from django.db import migrations, models

_COLUMNS = "electorate_id, member_id, eligible, reasons"


class Migration(migrations.Migration):

    dependencies = [
        ("electorate", "0001_initial"),
        ("members", "0002_member_search_indexes"),
    ]

    operations = [
        migrations.RenameModel("ElectorateEntry", "FormerElectorateEntry"),
        migrations.CreateModel(
            name="ElectorateEntry",
            fields=[
                ("pk", models.CompositePrimaryKey("electorate", "member", blank=True, editable=False,
                                                  primary_key=True, serialize=False)),
                ("electorate", models.ForeignKey(db_constraint=False, db_index=False,
                                                 on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="entries", to="electorate.electorate")),
                ("member", models.ForeignKey(db_constraint=False, db_index=False,
                                             on_delete=django.db.models.deletion.PROTECT,
                                             related_name="electorate_entries", to="members.member")),
                ("eligible", models.BooleanField()),
                ("reasons", models.TextField(blank=True)),
            ],
            options={"db_table": "electorate_entry"},
        ),
        migrations.RunSQL(
            f"INSERT INTO electorate_entry ({_COLUMNS}) SELECT {_COLUMNS} FROM electorate_formerelectorateentry",
            reverse_sql=f"INSERT INTO electorate_formerelectorateentry ({_COLUMNS}) SELECT {_COLUMNS} FROM electorate_entry",
        ),
        migrations.DeleteModel("FormerElectorateEntry"),
    ]
