#!/usr/bin/env python3
"""Writes io.sextant.target.target from target-content.txt.

Maven itself resolves the dependency closure (parents, properties, ranges and exclusions are its business),
then every artifact of a "newest" group is managed to its newest release and Maven resolves again, until
the set no longer changes. The result is written as flat Maven locations with includeDependencyDepth="none":
one for OSGi bundles as they are, and one per plain jar that is wrapped under its Orbit name.

Usage: MVN=<maven 3.9 binary> generate-target.py   (regenerate.sh sets MVN and a JDK)
Any jar without an OSGi manifest that target-content.txt neither wraps nor excludes stops the run with
its coordinates, so nothing unresolvable reaches the target silently.
"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
CONTENT = os.path.join(HERE, "target-content.txt")
TARGET = os.path.join(HERE, "io.sextant.target.target")
NEWEST = "[0,)"


def parse_content(path):
    spec = {"newest_groups": [], "roots": [], "manage": {}, "exclude": {}, "wrap": {}, "no_ee": set()}
    for number, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        verb, *args = line.split()
        try:
            if verb == "newest-groups":
                spec["newest_groups"] += args
            elif verb == "root":
                g, a, *v = args[0].split(":", 2)
                spec["roots"].append((g, a, v[0] if v else NEWEST))
            elif verb == "manage":
                g, a, v = args[0].split(":")
                spec["manage"][(g, a)] = v
            elif verb == "exclude":
                g, a = args[0].split(":")
                spec["exclude"][(g, a)] = " ".join(args[1:])
            elif verb == "no-ee":
                g, a = args[0].split(":")
                spec["no_ee"].add((g, a))
            elif verb == "wrap":
                g, a = args[0].split(":")
                spec["wrap"][(g, a)] = (args[1], args[2] if len(args) > 2 else "")
            else:
                raise ValueError(f"unknown verb '{verb}'")
        except (ValueError, IndexError) as e:
            sys.exit(f"{path}:{number}: cannot read '{line}': {e}")
    return spec


def write_pom(directory, spec, managed):
    exclusions = "".join(
        f"<exclusion><groupId>{g}</groupId><artifactId>{a}</artifactId></exclusion>" for g, a in spec["exclude"])
    deps = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
        f"<exclusions>{exclusions}</exclusions></dependency>" for g, a, v in spec["roots"])
    mgmt = "\n".join(
        f"      <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for (g, a), v in sorted(managed.items()))
    pom = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.sextant.releng</groupId><artifactId>target-closure</artifactId><version>1</version>
  <dependencyManagement><dependencies>
{mgmt}
  </dependencies></dependencyManagement>
  <dependencies>
{deps}
  </dependencies>
</project>
"""
    with open(os.path.join(directory, "pom.xml"), "w", encoding="utf-8") as f:
        f.write(pom)


def resolve(directory, spec, managed):
    """Returns {(g, a): (version, jar path)} for the runtime closure of the roots."""
    write_pom(directory, spec, managed)
    out = os.path.join(directory, "list.txt")
    cmd = [os.environ.get("MVN", "mvn"), "-B", "-q", "-f", os.path.join(directory, "pom.xml"),
           "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list", "-DincludeScope=runtime",
           "-DoutputAbsoluteArtifactFilename=true", f"-DoutputFile={out}"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("Maven could not resolve the target content:\n" + (result.stdout + result.stderr)[-4000:])
    closure = {}
    for line in open(out, encoding="utf-8"):
        m = re.match(r"^\s+([^:\s]+):([^:]+):(jar|bundle):(?:([^:]+):)?([^:]+):(compile|runtime):(.+?)(?: -- .*)?$",
                     line)
        if m:
            g, a, _, classifier, v, _, path = m.groups()
            if classifier:
                continue
            closure[(g, a)] = (v, path.strip())
    return closure


def symbolic_name(jar):
    try:
        manifest = zipfile.ZipFile(jar).read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except KeyError:
        return None
    manifest = re.sub(r"\r?\n ", "", manifest)
    m = re.search(r"^Bundle-SymbolicName:\s*([^;\r\n]+)", manifest, re.M)
    return m.group(1).strip() if m else None


def dependency(g, a, v):
    return (f"        <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
            f"<version>{v}</version><type>jar</type></dependency>")


def location(label, deps, missing="error", instructions=None):
    body = "\n".join(deps)
    extra = f"\n      <instructions><![CDATA[\n{instructions}\n]]></instructions>" if instructions else ""
    return (f'    <location type="Maven" label="{escape(label)}" includeDependencyDepth="none" '
            f'includeDependencyScopes="compile" includeSource="false" missingManifest="{missing}">\n'
            f"      <dependencies>\n{body}\n      </dependencies>{extra}\n    </location>")


def wrap_instructions(bsn, mandatory, no_ee=False):
    imports = (mandatory + "," if mandatory else "") + "*;resolution:=optional"
    return "\n".join(([] if not no_ee else ["-noee: true"]) + [
        "Bundle-Name: ${mvnArtifactId} ${mvnVersion} (wrapped from the Maven artifact ${mvnGroupId}:${mvnArtifactId})",
        f"Bundle-SymbolicName: {bsn}",
        "version: ${version_cleanup;${mvnVersion}}",
        "Bundle-Version: ${version}",
        f"Import-Package: {imports}",
        'Export-Package: *;version="${version}";-noimport:=true',
        "DynamicImport-Package: *",
    ])


def main():
    spec = parse_content(CONTENT)
    groups = tuple(spec["newest_groups"])
    managed = dict(spec["manage"])
    with tempfile.TemporaryDirectory() as directory:
        while True:
            closure = resolve(directory, spec, managed)
            raised = {k: NEWEST for k in closure if k[0] in groups and k not in managed}
            print(f"resolved {len(closure)} artifacts; raising {len(raised)} more to their newest release",
                  file=sys.stderr)
            if not raised:
                break
            managed.update(raised)

    bundles, wrapped, unknown = [], [], []
    for (g, a), (v, jar) in sorted(closure.items()):
        if (g, a) in spec["wrap"]:
            bsn, mandatory = spec["wrap"][(g, a)]
            wrapped.append(location(f"{g}:{a} as {bsn}", [dependency(g, a, v)], "generate",
                                    wrap_instructions(bsn, mandatory, (g, a) in spec["no_ee"])))
        elif symbolic_name(jar):
            bundles.append((g.startswith(groups), dependency(g, a, v)))
        else:
            unknown.append(f"{g}:{a}:{v}")
    if unknown:
        sys.exit("not OSGi bundles; add a 'wrap' or an 'exclude' line for each to target-content.txt:\n  "
                 + "\n  ".join(unknown))

    eclipse = [d for is_eclipse, d in bundles if is_eclipse]
    others = [d for is_eclipse, d in bundles if not is_eclipse]
    text = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?pde version="3.8"?>
<!-- GENERATED by generate-target.py from target-content.txt: edit those, then run regenerate.sh.
     Only Maven locations: the Eclipse p2 sites and Orbit cannot be reached from the build machines. -->
<target name="Sextant" sequenceNumber="1">
  <locations>
{location("Eclipse Platform and EMF, newest releases", eclipse)}
{location("Xtext, BIRT and third-party bundles", others)}
{chr(10).join(wrapped)}
  </locations>
  <targetJRE path="org.eclipse.jdt.launching.JRE_CONTAINER/org.eclipse.jdt.internal.debug.ui.launcher.StandardVMType/JavaSE-21"/>
</target>
"""
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.basename(TARGET)}: {len(eclipse)} platform bundles, {len(others)} other bundles, "
          f"{len(wrapped)} wrapped jars", file=sys.stderr)


if __name__ == "__main__":
    main()
