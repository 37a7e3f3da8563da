"""Reading YAML: one module per meaning a YAML file has for chartgen.

* Values as Helm reads them: ``chartgen.helm.yaml_load`` (goyaml.v2 and sigs.k8s.io/yaml reproduced, with their
  limits). It stays in the Helm package, whose loader, ``fromYaml`` and manifest heads need it; :mod:`.values`
  puts patch's and lint's values checks on it, adding only positions.
* Kubernetes objects as a Kubernetes client reads them (rendered manifests, CRD exports, Secrets): :mod:`.manifests`.
* chartgen's own files and edits of a user's files, with comments and positions (ruamel round trip: the values
  merge, Chart.yaml, overlay.yaml, lint configs, kubeconfigs): :mod:`.roundtrip`.
* :mod:`.limits`: the pass over parser events that bounds depth and aliasing before any reader but Helm's builds
  objects.
"""
