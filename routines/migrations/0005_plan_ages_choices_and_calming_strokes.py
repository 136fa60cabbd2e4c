"""Issue 12: a step's own minimum age, a source note on "before you start" items, each course's session plan
(CourseStep), the "sources and choices" (SourceChoice) and the calming strokes that end a session gently.

Nothing here changes content that is already in the database; content for the new tables comes from
`manage.py load_content` (routines/content.py), which only adds what is missing. Shipped texts that this
issue corrects are changed by 0006, and only where an editor has not changed them.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('routines', '0004_massagesession_moves_to_guide'),
    ]

    operations = [
        migrations.CreateModel(
            name='CalmingStroke',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body_area', models.CharField(choices=[('head', 'Head & face'), ('stomach', 'Stomach'), ('chest', 'Chest'), ('arms', 'Hands & arms'), ('legs', 'Legs'), ('feet', 'Feet'), ('back', 'Back')], max_length=12, unique=True, verbose_name='body area')),
                ('order', models.PositiveIntegerField(default=0, help_text='The lowest number is used first.', verbose_name='order')),
                ('title', models.CharField(max_length=120, verbose_name='title')),
                ('instruction', models.TextField(verbose_name='what to do')),
                ('source_note', models.TextField(help_text='Where this comes from, for a clinician to review.', verbose_name='source note')),
            ],
            options={
                'verbose_name': 'calming stroke',
                'verbose_name_plural': 'calming strokes (finish gently)',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='checklistitem',
            name='source_note',
            field=models.TextField(blank=True, help_text='Where this advice comes from (the source article, or the guidance it follows), for a clinician.', verbose_name='source note'),
        ),
        migrations.AddField(
            model_name='step',
            name='min_age_days',
            field=models.PositiveIntegerField(blank=True, help_text="Leave empty to use the technique's and the routine's minimum age. Set it to start this step later than they do; the step is shown from the oldest of the three.", null=True, verbose_name='minimum age (days)'),
        ),
        migrations.AlterField(
            model_name='course',
            name='minutes_per_session',
            field=models.PositiveSmallIntegerField(help_text='The length of a full session (the last ones of the plan), as the player times it. The course page shows what each session of the plan takes; keep this the same as its last session.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='minutes per session'),
        ),
        migrations.CreateModel(
            name='SourceChoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True, verbose_name='slug')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('title', models.CharField(max_length=160, verbose_name='our choice, in short')),
                ('article_says', models.TextField(help_text="The article's words that we weigh.", verbose_name='what the article says')),
                ('we_do', models.TextField(verbose_name='what we do')),
                ('reason', models.TextField(verbose_name='why')),
                ('routines', models.ManyToManyField(blank=True, help_text='Their pages and print sheets link to this choice.', related_name='choices', to='routines.routine', verbose_name='routines it shapes')),
            ],
            options={
                'verbose_name': 'source choice',
                'verbose_name_plural': 'sources and choices',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CourseStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_session', models.PositiveSmallIntegerField(default=1, help_text='The session that adds this move. It stays in every later session.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(15)], verbose_name='from session')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan', to='routines.course', verbose_name='course')),
                ('step', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='course_plans', to='routines.step', verbose_name='step')),
            ],
            options={
                'verbose_name': 'move in the session plan',
                'verbose_name_plural': 'session plan: which session adds each move',
                'ordering': ['course', 'from_session', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('course', 'step'), name='one_plan_row_per_step')],
            },
        ),
    ]
