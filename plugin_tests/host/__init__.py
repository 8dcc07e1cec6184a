"""A minimal Wagtail site that installs the plugin as any host would: no blog/, no cms/, no demo content."""
