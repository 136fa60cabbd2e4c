"""Families (issue 17): who may see a baby (Membership), invitations, erasures, a language preference; and the
"who" of a health record is left empty, rather than blocking, when that person's account is erased."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('safety', '0006_parent_time_zone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Erasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('account', 'An account and its babies'), ('baby', 'One baby')], max_length=8, verbose_name='what was erased')),
                ('by_staff', models.BooleanField(default=False, verbose_name='carried out by staff')),
                ('erased_on', models.DateField(default=django.utils.timezone.localdate, editable=False, verbose_name='erased on')),
                ('counts', models.JSONField(default=dict, verbose_name='records erased, by kind')),
            ],
            options={
                'verbose_name': 'erasure',
                'verbose_name_plural': 'erasures',
                'ordering': ['-erased_on', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='parentsettings',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('ru', 'Русский'), ('es', 'Español')], default='en', max_length=8, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='clearance',
            name='recorded_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='dailycheck',
            name='respondent',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='profilechange',
            name='changed_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='screeningsubmission',
            name='respondent',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='email')),
                ('role', models.CharField(choices=[('owner', 'Parent'), ('caregiver', 'Caregiver')], default='caregiver', max_length=10, verbose_name='role')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='sent')),
                ('expires_at', models.DateTimeField(verbose_name='valid until')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('baby', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='safety.baby')),
                ('invited_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'invitation',
                'verbose_name_plural': 'invitations',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('owner', 'Parent'), ('caregiver', 'Caregiver')], max_length=10, verbose_name='role')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='added')),
                ('baby', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='safety.baby')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
                'ordering': ['added_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('baby', 'user'), name='one_membership_per_person_and_baby')],
            },
        ),
    ]
