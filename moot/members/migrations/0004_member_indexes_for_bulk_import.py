"""Fewer indexes on the members table, each one left off being time off a 500,000-row import.

Dropped: (last_name, first_name) and postcode, which no search uses since 0002/0003 (PostgreSQL
reported no scans of either through the search benchmark); local_party_id alone, which
(local_party_id, status) begins with; and, on PostgreSQL, the two indexes that unique=True made for
membership_number (the unique one and Django's varchar_pattern_ops "_like" one for prefix search),
replaced by one unique varchar_pattern_ops index that does both. The unique index is made before the
old one goes, so the register is never without it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_member_name_order_index'),
        ('organisation', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='member',
            name='members_mem_last_na_92a910_idx',
        ),
        migrations.RemoveIndex(
            model_name='member',
            name='members_mem_postcod_fb93b5_idx',
        ),
        migrations.AlterField(
            model_name='member',
            name='local_party',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='local_party_members', to='organisation.unit'),
        ),
        migrations.AddConstraint(
            model_name='member',
            constraint=models.UniqueConstraint(fields=('membership_number',), name='member_number_unique', opclasses=['varchar_pattern_ops'], violation_error_message='This membership number is already on the register.'),
        ),
        migrations.AlterField(
            model_name='member',
            name='membership_number',
            field=models.CharField(max_length=20),
        ),
    ]
