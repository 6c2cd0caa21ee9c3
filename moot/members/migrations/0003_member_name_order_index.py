"""The index that serves a name search's prefix ranges and its order at once (PostgreSQL only).

`member_name_order` is (UPPER(last_name), UPPER(first_name), id) in collation "C". Searches order
text matches by exactly these keys (moot.members.search.name_order), so a page is read from the
index in order instead of sorting every match; PostgreSQL turns `UPPER(last_name) LIKE 'JO%'`
into a range of it because its collation is "C", whatever the database's own collation.
It replaces `member_last_first_upper_prefix` (0002), whose columns it begins with. ANALYZE gives
the planner statistics on the new expressions straight away.
"""

from django.db import migrations

NEW = ('CREATE INDEX IF NOT EXISTS member_name_order ON members_member '
       '((UPPER(last_name::text)) COLLATE "C", (UPPER(first_name::text)) COLLATE "C", id)')
OLD = ("CREATE INDEX IF NOT EXISTS member_last_first_upper_prefix ON members_member "
       "(UPPER(last_name::text) text_pattern_ops, UPPER(first_name::text) text_pattern_ops)")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(NEW)
    schema_editor.execute("DROP INDEX IF EXISTS member_last_first_upper_prefix")
    schema_editor.execute("ANALYZE members_member")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(OLD)
    schema_editor.execute("DROP INDEX IF EXISTS member_name_order")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_member_search_indexes")]
    operations = [migrations.RunPython(create, drop)]
