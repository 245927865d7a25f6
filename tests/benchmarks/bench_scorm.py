"""How long exporting every bundled course as SCORM takes: both versions, every language.

Run on demand (pytest does not collect tests/benchmarks):

    .venv/bin/python tests/benchmarks/bench_scorm.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from curriculum.content import bundled_content_root, discover_programmes, load_library, load_programme  # noqa: E402
from curriculum.content.loader import library_folder_for  # noqa: E402
from lms_adapters.scorm import VERSIONS, build_scorm_package, module_folders  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    folders = discover_programmes(bundled_content_root())
    library = load_library(library_folder_for(folders[0]))
    loaded = [load_programme(folder, library) for folder in folders]
    loading = time.perf_counter() - started

    sizes: list[int] = []
    per_version = {version: 0.0 for version in VERSIONS}
    skipped = []
    started = time.perf_counter()
    for result in loaded:
        if result.programme is None:
            skipped.append(result.folder.name)
            continue
        programme = result.programme
        folders_of_modules = module_folders(result)
        for course in programme.courses:
            for language in programme.course_languages(course):
                for version in VERSIONS:
                    begun = time.perf_counter()
                    sizes.append(len(build_scorm_package(programme, course.id, language, version, module_folders=folders_of_modules)))
                    per_version[version] += time.perf_counter() - begun
    exporting = time.perf_counter() - started

    print(f"loading {len(loaded)} programmes: {loading:.2f} s")
    print(f"exporting {len(sizes)} packages (every course x language x SCORM 1.2/2004): {exporting:.2f} s "
          f"({exporting / max(len(sizes), 1) * 1000:.0f} ms each)")
    for version, seconds in per_version.items():
        print(f"  SCORM {version}: {seconds:.2f} s")
    if sizes:
        print(f"package sizes: min {min(sizes) / 1024:.0f} KB, median {statistics.median(sizes) / 1024:.0f} KB, "
              f"max {max(sizes) / 1024:.0f} KB, all together {sum(sizes) / 1024 / 1024:.1f} MB")
    if skipped:
        print(f"not exported (the programme does not load): {', '.join(skipped)}")


if __name__ == "__main__":
    main()
