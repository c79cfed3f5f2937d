"""Static files for production: collectstatic gathers what the pages load, with hashed names, and no ballast."""

from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_collectstatic_gathers_plotly_js_alone_from_the_plotly_package(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    plotly = sorted(p.name for p in (tmp_path / "plotly").iterdir())
    assert "plotly.min.js" in plotly
    assert any(name.startswith("plotly.min.") and name.endswith(".js") and name != "plotly.min.js" for name in plotly)
    assert all(name.startswith("plotly.min.") for name in plotly)  # no datasets, templates or widget bundle
    assert (tmp_path / "kern").is_dir() and (tmp_path / "toolkit" / "plotly.css").is_file()


def test_the_finder_serves_plotly_js_to_the_dev_and_test_servers():
    gefunden = finders.find("plotly/plotly.min.js")
    assert gefunden and gefunden.endswith("package_data/plotly.min.js")
    assert finders.find("plotly/datasets/iris.csv.gz") is None
