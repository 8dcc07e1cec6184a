from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeriodicJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="namn")),
                ("last_run", models.DateTimeField(blank=True, null=True, verbose_name="kördes senast")),
            ],
            options={
                "verbose_name": "återkommande jobb",
                "verbose_name_plural": "återkommande jobb",
            },
        ),
    ]
