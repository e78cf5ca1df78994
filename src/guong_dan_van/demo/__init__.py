"""Demo data: a believable (fictional) district before and after the 1 July 2025 reform.

Huyện Phú Lâm, tỉnh Bình Sơn: the district and its offices end on 30 June 2025; their work passes to
the new Xã Phú Lâm, formed from the old town and two communes. Every text is written for this project.
The data are the JSON files in `data/`; `loader.py` reads them and writes them through the services.
"""

from guong_dan_van.demo.loader import DEMO_LOGINS, DemoLogin, seed_demo

__all__ = ["DEMO_LOGINS", "DemoLogin", "seed_demo"]
