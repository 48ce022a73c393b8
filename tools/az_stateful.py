"""Stateful Azure CLI harness: run a generated upgrade script from its first
line to its last against a stub AKS that holds the pasted cluster.

Run by tools/az_stateful.sh with the python of the azure-cli venv. Every
`az ...` line of the script runs through the REAL azure-cli (2.91): its
parser, argument validators and command handlers (`get_default_cli().invoke`),
in this one long-lived process. Only the HTTP transport of the SDK client is
replaced: requests to Azure Resource Manager go to `World`, which serves the
pasted cluster for reads and applies each write to its state. The SDK
therefore builds and parses real requests and responses, and the handlers see
the SDK's own model objects.

`kubectl` lines are recorded only. Prompts are recorded (and answered, `y` by
default) so the script goes on the way a user pressing `y` would. No network:
the wrapper runs this under `unshare -n` when it can, and a socket guard here
refuses every TCP/UDP connection and name lookup.

Output: one JSON summary per script (see README): commands run, errors,
prompts, warnings, the final state of the stub cluster and, with a plan, the
differences between that state and the plan's final state.
"""
import copy
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

SUB = '00000000-0000-0000-0000-000000000000'
TENANT = '00000000-0000-0000-0000-0000000000aa'
ARM = 'https://management.azure.com'

# ---------------------------------------------------------------------------
# Versions


def vkey(v):
    """(major, minor, patch) of a version string, or None."""
    m = re.fullmatch(r'v?(\d+)\.(\d+)(?:\.(\d+))?', str(v or '').strip())
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) is not None else -1)


def minor_of(v):
    k = vkey(v)
    return (k[0], k[1]) if k else None


def load_versions(path):
    """Every version a pasted `az aks get-versions` / `get-upgrades` /
    orchestrators list offers (a set of strings)."""
    if not path:
        return None
    data = json.load(open(path, encoding='utf-8'))
    found = set()

    def walk(x, key=None):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == 'patchVersions' and isinstance(v, dict):
                    found.update(k2 for k2 in v if vkey(k2))
                if k in ('kubernetesVersion', 'orchestratorVersion') and isinstance(v, str) and vkey(v):
                    found.add(v)
                walk(v, k)
        elif isinstance(x, list):
            for i in x:
                walk(i, key)
    walk(data)
    return {v for v in found if vkey(v) and vkey(v)[2] >= 0}


# ---------------------------------------------------------------------------
# The pasted cluster, as the REST managed-cluster document the stub serves

TOP_KEYS = {'id', 'name', 'type', 'location', 'tags', 'sku', 'identity', 'extendedLocation', 'eTag', 'kind',
            'systemData'}
# `az` output (knack's camelCase of the SDK's snake_case) where REST differs.
KEY_FIXES = {'osDiskSizeGb': 'osDiskSizeGB', 'vnetSubnetId': 'vnetSubnetID', 'podSubnetId': 'podSubnetID',
             'enableRbac': 'enableRBAC', 'enableNodePublicIp': 'enableNodePublicIP',
             'nodePublicIpPrefixId': 'nodePublicIPPrefixID', 'proximityPlacementGroupId': 'proximityPlacementGroupID',
             'enableFips': 'enableFIPS', 'dnsServiceIp': 'dnsServiceIP', 'etag': 'eTag'}
BUSY = {'creating', 'updating', 'upgrading', 'upgradingnodeimageversion', 'scaling', 'deleting', 'starting',
        'stopping', 'canceling', 'migrating', 'reconciling'}


def drop_nulls(x):
    if isinstance(x, dict):
        return {KEY_FIXES.get(k, k): drop_nulls(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [drop_nulls(i) for i in x]
    return x


def rg_and_name_from_id(rid):
    m = re.search(r'/resourcegroups/([^/]+)/providers/Microsoft\.ContainerService/managedClusters/([^/]+)',
                  rid or '', re.I)
    return (m.group(1), m.group(2)) if m else (None, None)


def unwrap(doc):
    """The body of a REST API example ({parameters, responses: {200: {body}}})."""
    if isinstance(doc, dict) and isinstance(doc.get('responses'), dict):
        for code in ('200', '201', '202'):
            body = doc['responses'].get(code, {}).get('body')
            if body is not None:
                return body
    return doc


def is_cluster(d):
    p = d.get('properties', d) if isinstance(d, dict) else {}
    return isinstance(d, dict) and ('agentPoolProfiles' in p or 'kubernetesVersion' in p)


def pool_profile(d):
    """A pool of `az aks nodepool show/list` (CLI or REST shape) as a
    managed cluster's agentPoolProfiles entry."""
    d = drop_nulls(d)
    props = dict(d.get('properties', {})) if isinstance(d.get('properties'), dict) else {}
    flat = {k: v for k, v in d.items() if k not in ('properties', 'id', 'resourceGroup', 'type', 'eTag')}
    if '/' not in str(d.get('type', '/')):
        flat['type'] = d['type']  # the pool's type, not the ARM resource type
    flat.update(props)
    # `az aks nodepool show/list` print the pool's type under another name
    for key in ('agentPoolType', 'typePropertiesType'):
        if key in flat:
            flat['type'] = flat.pop(key)
    return flat


def nodes_to_pools(doc):
    """`kubectl get nodes -o json` of an AKS cluster: one pool per
    `agentpool` label."""
    pools = {}
    for node in doc.get('items', []):
        meta, status = node.get('metadata', {}), node.get('status', {})
        labels = meta.get('labels', {})
        name = labels.get('kubernetes.azure.com/agentpool') or labels.get('agentpool')
        if not name:
            continue
        p = pools.setdefault(name, {'name': name, 'count': 0, 'versions': []})
        p['count'] += 1
        p['versions'].append(status.get('nodeInfo', {}).get('kubeletVersion', '').lstrip('v'))
        size = labels.get('node.kubernetes.io/instance-type') or labels.get('beta.kubernetes.io/instance-type')
        if size:
            p['vmSize'] = size
        osname = labels.get('kubernetes.io/os') or labels.get('beta.kubernetes.io/os')
        if osname:
            p['osType'] = 'Windows' if osname.lower() == 'windows' else 'Linux'
        mode = labels.get('kubernetes.azure.com/mode')
        if mode:
            p['mode'] = 'System' if mode.lower() == 'system' else 'User'
        image = labels.get('kubernetes.azure.com/node-image-version')
        if image:
            p['nodeImageVersion'] = image
        provider_id = node.get('spec', {}).get('providerID', '')
        if 'virtualMachineScaleSets' in provider_id:
            p['type'] = 'VirtualMachineScaleSets'
        elif '/virtualMachines/' in provider_id:
            p['type'] = 'AvailabilitySet'
    out = []
    for p in pools.values():
        versions = sorted((v for v in p.pop('versions') if vkey(v)), key=vkey)
        if versions:
            p['orchestratorVersion'] = p['currentOrchestratorVersion'] = versions[0]
        out.append(p)
    return out


def load_paste(text, control_plane_version=None, name=None, resource_group=None, assume_legacy=False):
    """(REST managed cluster, assumptions) from what the user pasted: `az aks
    show` (CLI or REST shape, also a REST API example or a list), `az aks
    nodepool show/list`, or `kubectl get nodes -o json`."""
    doc = unwrap(json.loads(text))
    if isinstance(doc, dict) and isinstance(doc.get('value'), list):
        doc = doc['value']
    assumed = []
    pools, cluster, first_id = None, None, None
    if isinstance(doc, dict) and doc.get('kind') in ('List', 'NodeList') and isinstance(doc.get('items'), list):
        pools = nodes_to_pools(doc)
    elif isinstance(doc, list):
        clusters = [d for d in doc if is_cluster(d)]
        if clusters:
            cluster = clusters[0]
        else:
            pools = [pool_profile(d) for d in doc]
            first_id = doc[0].get('id') if doc and isinstance(doc[0], dict) else None
    elif is_cluster(doc):
        cluster = doc
    else:
        pools = [pool_profile(doc)]
        first_id = doc.get('id')
    if cluster is not None:
        cluster = drop_nulls(cluster)
        rest = {k: v for k, v in cluster.items() if k in TOP_KEYS}
        props = dict(cluster.get('properties', {}))
        props.update({k: v for k, v in cluster.items() if k not in TOP_KEYS and k not in ('properties', 'resourceGroup')})
        rest['properties'] = props
        rg0, name0 = rg_and_name_from_id(cluster.get('id'))
        rg0 = cluster.get('resourceGroup') or rg0
        name0 = cluster.get('name') or name0
    else:
        if not control_plane_version:
            raise ValueError('the paste has no control plane (node pools or nodes only): give --control-plane-version')
        rg0, name0 = rg_and_name_from_id(first_id)
        rest = {'name': name0, 'location': 'eastus', 'properties': {
            'kubernetesVersion': control_plane_version, 'agentPoolProfiles': pools}}
        assumed.append('the control plane runs %s (given, not in the paste)' % control_plane_version)
    rg = resource_group or rg0 or 'rg-skewplan'
    name = name or name0 or 'cluster1'
    if not (rg0 and name0) and not (resource_group and name):
        assumed.append('cluster %s in resource group %s (not in the paste)' % (name, rg))
    rest['name'] = name
    rest['id'] = '/subscriptions/%s/resourcegroups/%s/providers/Microsoft.ContainerService/managedClusters/%s' % (
        SUB, rg, name)
    rest['type'] = 'Microsoft.ContainerService/ManagedClusters'
    rest.setdefault('location', 'eastus')
    props = rest['properties']
    if control_plane_version and cluster is not None and not vkey(props.get('kubernetesVersion')):
        props['kubernetesVersion'] = control_plane_version
    if not vkey(props.get('currentKubernetesVersion')):
        props['currentKubernetesVersion'] = props['kubernetesVersion']
    props.setdefault('provisioningState', 'Succeeded')
    ps = props.get('powerState')
    if isinstance(ps, str):
        props['powerState'] = {'code': ps}
    props.setdefault('powerState', {'code': 'Running'})
    props.setdefault('dnsPrefix', name[:10] + '-dns')
    pools = props.setdefault('agentPoolProfiles', [])
    for p in pools:
        for k in ('id', 'resourceGroup'):
            p.pop(k, None)
        if not vkey(p.get('orchestratorVersion')):
            if vkey(p.get('currentOrchestratorVersion')):
                p['orchestratorVersion'] = p['currentOrchestratorVersion']
            else:
                p['orchestratorVersion'] = props['kubernetesVersion']
                assumed.append('pool %s runs the control plane\'s %s (the paste gives no version)' % (
                    p['name'], props['kubernetesVersion']))
        if not vkey(p.get('currentOrchestratorVersion')):
            p['currentOrchestratorVersion'] = p['orchestratorVersion']
        p.setdefault('provisioningState', props['provisioningState'] if cluster is not None else 'Succeeded')
        p.setdefault('powerState', {'code': 'Running'})
        p.setdefault('count', 1)
        p.setdefault('osType', 'Linux')
        if 'type' not in p:
            p['type'] = 'AvailabilitySet' if assume_legacy else 'VirtualMachineScaleSets'
            assumed.append('pool %s is of type %s (the paste does not say)' % (p['name'], p['type']))
    if pools and not any(str(p.get('mode', '')).lower() == 'system' for p in pools):
        for p in pools:
            if 'mode' not in p:
                p['mode'] = 'System'
                assumed.append('pool %s is the System pool (the paste names none)' % p['name'])
                break
    for p in pools:
        p.setdefault('mode', 'User')
    if 'maxAgentPools' not in props:
        props['maxAgentPools'] = 1 if assume_legacy else 100
        assumed.append('maxAgentPools is %d (the paste does not say)' % props['maxAgentPools'])
    return rest, assumed


# ---------------------------------------------------------------------------
# The stub Azure Resource Manager


class ArmError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


POLLS_TO_FINISH = 3  # reads of a busy resource before its operation ends


class World:
    """The stub's cluster and what happened to it."""

    def __init__(self, cluster, versions=None):
        self.mc = cluster
        self.versions = versions
        props = cluster['properties']
        self.images = {p['name']: 'original' for p in props['agentPoolProfiles']}
        # name -> reads left before its running operation ends ('' = the cluster)
        self.busy = {}
        self.busy_origin = set()
        if str(props.get('provisioningState', '')).lower() in BUSY:
            self.busy[''] = POLLS_TO_FINISH
            self.busy_origin.add('')
        for p in props['agentPoolProfiles']:
            if str(p.get('provisioningState', '')).lower() in BUSY:
                self.busy[p['name'].lower()] = POLLS_TO_FINISH
                self.busy_origin.add(p['name'])
        self.no_wait = False
        self.upgrading = False  # the current az command is an upgrade
        self.noop = None        # why the current command's write changed nothing
        self.calls = []       # (method, path) of the current az command
        self.unmodelled = []

    # -- views ---------------------------------------------------------------
    @property
    def props(self):
        return self.mc['properties']

    def pools(self):
        return self.props['agentPoolProfiles']

    def pool(self, name):
        for p in self.pools():
            if p['name'].lower() == name.lower():
                return p
        return None

    def pool_resource(self, p):
        props = {k: v for k, v in p.items() if k != 'name'}
        return {'id': self.mc['id'] + '/agentPools/' + p['name'], 'name': p['name'],
                'type': 'Microsoft.ContainerService/managedClusters/agentPools', 'properties': props}

    def final_state(self):
        return {
            'control_plane': self.props.get('currentKubernetesVersion'),
            'pools': {p['name']: p.get('currentOrchestratorVersion') for p in self.pools()},
            'images': {p['name']: self.images.get(p['name'], 'original') for p in self.pools()},
            'provisioning': {'cluster': self.props.get('provisioningState'),
                             **{p['name']: p.get('provisioningState') for p in self.pools()}},
            'power': (self.props.get('powerState') or {}).get('code'),
        }

    # -- operations that run for a while --------------------------------------
    def read(self, key):
        """A GET of a resource: time passes for its running operation."""
        if key in self.busy:
            self.busy[key] -= 1
            if self.busy[key] <= 0:
                del self.busy[key]
                self.finish(key)

    def finish(self, key):
        if key == '':
            self.props['provisioningState'] = 'Succeeded'
            self.props['currentKubernetesVersion'] = self.resolve(self.props['kubernetesVersion'])
            return
        p = self.pool(key)
        if p is None:
            return
        state = p.get('provisioningState', '').lower()
        if state == 'deleting':
            self.pools().remove(p)
            return
        if state in ('upgrading', 'upgradingnodeimageversion', 'creating'):
            self.images[p['name']] = 'new'
        p['provisioningState'] = 'Succeeded'
        p['currentOrchestratorVersion'] = self.resolve(p['orchestratorVersion'])

    def ensure_idle(self, key):
        """ARM refuses a write while the cluster, or this pool, is busy."""
        for k in ([''] + [p['name'].lower() for p in self.pools()] if key == '' else ['', key]):
            if k in self.busy:
                what = 'the managed cluster' if k == '' else 'agent pool %s' % k
                state = (self.props if k == '' else self.pool(k)).get('provisioningState')
                raise ArmError(409, 'OperationNotAllowed',
                               'Operation is not allowed because there\'s an in progress operation (%s) on %s. '
                               '(stub rule: writes wait until the running operation ends)' % (state, what))
        if (self.props.get('powerState') or {}).get('code') == 'Stopped':
            raise ArmError(409, 'OperationNotAllowed', 'The cluster is stopped; start it first. (stub rule)')

    # -- version rules ------------------------------------------------------
    def resolve(self, v):
        """A `major.minor` version as its newest offered patch."""
        k = vkey(v)
        if k and k[2] < 0 and self.versions:
            same = [x for x in self.versions if minor_of(x) == (k[0], k[1])]
            if same:
                return max(same, key=vkey)
        return v

    def check_offered(self, v, current):
        if self.versions is None or vkey(v) is None or v == current:
            return
        if self.resolve(v) not in self.versions:
            raise ArmError(400, 'K8sVersionNotSupported',
                           'Version %s is not supported in this region (not in the version list given to the stub).'
                           % v)

    @staticmethod
    def skew_window(cp_minor):
        # upgrade-aks-control-plane.md: from 1.28 the control plane may be up
        # to three minors ahead of node pools; two before.
        return 3 if cp_minor >= (1, 28) else 2

    def check_skew(self, cp, pool_versions):
        cpm = minor_of(cp)
        for name, v in pool_versions.items():
            pm = minor_of(v)
            if not cpm or not pm:
                continue
            if vkey(v) > vkey(cp):
                raise ArmError(400, 'NodePoolVersionHigherThanControlPlane',
                               'Node pool %s version %s can\'t be greater than the control plane version %s. '
                               '(stub rule)' % (name, v, cp))
            if pm[0] == cpm[0] and cpm[1] - pm[1] > self.skew_window(cpm):
                raise ArmError(400, 'NodePoolVersionSkewTooLarge',
                               'Node pool %s at %s would be more than %d minor versions behind the control plane '
                               '%s. (stub rule)' % (name, v, self.skew_window(cpm), cp))

    # -- HTTP ---------------------------------------------------------------
    def handle(self, method, url, body):
        path = urllib.parse.urlparse(url).path
        self.calls.append('%s %s' % (method, re.sub(r'^/subscriptions/[^/]+', '', path)))
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
        try:
            status, out = self.route(method, path, data)
        except ArmError as e:
            return e.status, {'error': {'code': e.code, 'message': e.message}}
        return status, out

    def route(self, method, path, data):
        m = re.fullmatch(r'/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.ContainerService/'
                         r'managedClusters/([^/]+)(/.*)?', path, re.I)
        if not m:
            m2 = re.fullmatch(r'/subscriptions/[^/]+/providers/Microsoft\.ContainerService/locations/[^/]+/'
                              r'kubernetesVersions', path, re.I)
            if m2 and method == 'GET':
                return 200, self.kubernetes_versions()
            return self.unmodelled_call(method, path)
        rg, name, rest = m.group(1), m.group(2), m.group(3) or ''
        want_rg, _ = rg_and_name_from_id(self.mc['id'])
        if rg.lower() != want_rg.lower() or name.lower() != self.mc['name'].lower():
            raise ArmError(404, 'ResourceNotFound',
                           "The Resource 'Microsoft.ContainerService/managedClusters/%s' under resource group '%s' "
                           "was not found. (the stub holds %s/%s)" % (name, rg, want_rg, self.mc['name']))
        if rest == '':
            if method == 'GET':
                self.read('')
                return 200, copy.deepcopy(self.mc)
            if method == 'PUT':
                return 200, self.put_cluster(data or {})
        if rest.lower() == '/start' and method == 'POST':
            return self.power('Running')
        if rest.lower() == '/stop' and method == 'POST':
            return self.power('Stopped')
        if rest.lower() in ('/listclusterusercredential', '/listclusteradmincredential') and method == 'POST':
            return 200, self.kubeconfig()
        if rest.lower() == '/upgradeprofiles/default' and method == 'GET':
            self.read('')
            return 200, self.cluster_upgrade_profile()
        if rest.lower() == '/agentpools' and method == 'GET':
            for p in list(self.pools()):
                self.read(p['name'].lower())
            return 200, {'value': [self.pool_resource(p) for p in self.pools()]}
        mp = re.fullmatch(r'/agentPools/([^/]+)(/.*)?', rest, re.I)
        if mp:
            return self.pool_route(method, mp.group(1), (mp.group(2) or '').lower(), data)
        return self.unmodelled_call(method, path)

    def unmodelled_call(self, method, path):
        self.unmodelled.append('%s %s' % (method, path))
        raise ArmError(501, 'StubNotModelled', 'The stub does not model %s %s.' % (method, path))

    def pool_route(self, method, name, rest, data):
        p = self.pool(name)
        if rest == '' and method == 'PUT':
            return 200, self.put_pool(name, data or {})
        if p is None:
            raise ArmError(404, 'NotFound', "Agent pool '%s' was not found in managed cluster '%s'." % (
                name, self.mc['name']))
        if rest == '' and method == 'GET':
            self.read(p['name'].lower())
            p = self.pool(name)
            if p is None:
                raise ArmError(404, 'NotFound', "Agent pool '%s' was not found." % name)
            return 200, self.pool_resource(p)
        if rest == '' and method == 'DELETE':
            return self.delete_pool(p)
        if rest == '/upgradenodeimageversion' and method == 'POST':
            self.ensure_idle(p['name'].lower())
            self.images[p['name']] = 'new'
            if self.no_wait:
                self.busy[p['name'].lower()] = POLLS_TO_FINISH
                p['provisioningState'] = 'UpgradingNodeImageVersion'
            return 200, self.pool_resource(p)
        if rest == '/upgradeprofiles/default' and method == 'GET':
            return 200, self.pool_upgrade_profile(p)
        return self.unmodelled_call(method, '.../agentPools/%s%s' % (name, rest))

    # -- writes ---------------------------------------------------------------
    def put_cluster(self, body):
        self.ensure_idle('')
        new = body.get('properties', {})
        props = self.props
        old_cp = props.get('currentKubernetesVersion')
        cp = new.get('kubernetesVersion') or props['kubernetesVersion']
        self.check_offered(cp, old_cp)
        if vkey(self.resolve(cp)) < vkey(old_cp):
            raise ArmError(400, 'NotAllowedUpgrade',
                           'Downgrading the control plane from %s to %s is not allowed.' % (old_cp, cp))
        sent = {p.get('name', '').lower(): p for p in new.get('agentPoolProfiles') or []}
        versions = {}
        for p in self.pools():
            s = sent.get(p['name'].lower())
            v = (s or {}).get('orchestratorVersion') or p['orchestratorVersion']
            if vkey(self.resolve(v)) < vkey(p['currentOrchestratorVersion']):
                raise ArmError(400, 'NotAllowedUpgrade', 'Downgrading agent pool %s from %s to %s is not allowed.'
                               % (p['name'], p['currentOrchestratorVersion'], v))
            versions[p['name']] = self.resolve(v)
        self.check_minor_hop(old_cp, self.resolve(cp), versions)
        self.check_skew(self.resolve(cp), versions)
        if (self.upgrading and self.resolve(cp) == old_cp and str(props.get('provisioningState')).lower() != 'failed'
                and all(versions[p['name']] == p['currentOrchestratorVersion'] for p in self.pools())):
            self.noop = 'the cluster already runs %s and is not Failed: the upgrade changes nothing' % old_cp
        # apply
        for k, v in new.items():
            if k not in ('agentPoolProfiles', 'provisioningState', 'currentKubernetesVersion', 'powerState',
                         'maxAgentPools', 'servicePrincipalProfile'):
                props[k] = v
        props['kubernetesVersion'] = cp
        for p in self.pools():
            s = sent.get(p['name'].lower())
            if s and s.get('upgradeSettings') is not None:
                p['upgradeSettings'] = s['upgradeSettings']
            if versions[p['name']] != p['currentOrchestratorVersion']:
                p['orchestratorVersion'] = (s or {}).get('orchestratorVersion') or p['orchestratorVersion']
                p['currentOrchestratorVersion'] = versions[p['name']]
                self.images[p['name']] = 'new'
        props['provisioningState'] = 'Succeeded'
        props['currentKubernetesVersion'] = self.resolve(cp)
        if self.no_wait:
            self.busy[''] = POLLS_TO_FINISH
            props['provisioningState'] = 'Upgrading'
        out = copy.deepcopy(self.mc)
        return out

    def check_minor_hop(self, old_cp, new_cp, pool_versions):
        """upgrade-aks-control-plane.md: a supported control plane moves one
        minor per upgrade; an unsupported one may skip minors only in a full
        upgrade to the oldest supported minor (supported-kubernetes-versions.md,
        'Unsupported recovery path')."""
        a, b = minor_of(old_cp), minor_of(new_cp)
        if not a or not b or a[0] != b[0] or b[1] - a[1] <= 1:
            return
        supported = self.versions is None or any(minor_of(v) == a for v in self.versions)
        full = all(v == new_cp for v in pool_versions.values())
        if supported or not full:
            raise ArmError(400, 'NotAllowedUpgrade',
                           'Upgrading the control plane from %s to %s skips minor versions. (stub rule: only an '
                           'unsupported version may skip, and only in a full-cluster upgrade)' % (old_cp, new_cp))

    def power(self, code):
        if code == 'Stopped':
            self.ensure_idle('')
        else:
            for k in [''] + [p['name'].lower() for p in self.pools()]:
                if k in self.busy:
                    raise ArmError(409, 'OperationNotAllowed', 'An operation is in progress. (stub rule)')
        self.props['powerState'] = {'code': code}
        for p in self.pools():
            p['powerState'] = {'code': code}
        return 204, None

    def put_pool(self, name, body):
        new = dict(body.get('properties', {}))
        p = self.pool(name)
        cp = self.props['currentKubernetesVersion']
        if p is None:
            self.ensure_idle('')
            if (self.props.get('powerState') or {}).get('code') == 'Stopped':
                raise ArmError(409, 'OperationNotAllowed', 'The cluster is stopped. (stub rule)')
            v = new.get('orchestratorVersion') or self.props['kubernetesVersion']
            self.check_offered(v, cp)
            if len(self.pools()) >= int(self.props.get('maxAgentPools') or 100):
                raise ArmError(400, 'OperationNotAllowed', 'The cluster has maxAgentPools %s pools already.'
                               % self.props.get('maxAgentPools'))
            if str(new.get('osType', '')).lower() == 'windows' and len(name) > 6:
                raise ArmError(400, 'InvalidParameter', 'Windows agent pool name %s is longer than 6 characters.'
                               % name)
            self.check_skew(cp, {name: self.resolve(v)})
            pool = {'name': name, **new}
            pool['orchestratorVersion'] = v
            pool['currentOrchestratorVersion'] = self.resolve(v)
            pool['provisioningState'] = 'Succeeded'
            pool.setdefault('type', 'VirtualMachineScaleSets')
            pool.setdefault('mode', 'User')
            pool['powerState'] = {'code': 'Running'}
            self.pools().append(pool)
            self.images[name] = 'new'
            if self.no_wait:
                self.busy[name.lower()] = POLLS_TO_FINISH
                pool['provisioningState'] = 'Creating'
            return self.pool_resource(pool)
        self.ensure_idle(p['name'].lower())
        if new.get('vmSize') and p.get('vmSize') and new['vmSize'].lower() != p['vmSize'].lower():
            raise ArmError(400, 'PropertyChangeNotAllowed', "Changing property 'vmSize' is not allowed.")
        v = new.get('orchestratorVersion') or p['orchestratorVersion']
        self.check_offered(v, p['currentOrchestratorVersion'])
        rv = self.resolve(v)
        if vkey(rv) < vkey(p['currentOrchestratorVersion']):
            raise ArmError(400, 'NotAllowedUpgrade', 'Downgrading agent pool %s from %s to %s is not allowed.'
                           % (p['name'], p['currentOrchestratorVersion'], v))
        self.check_skew(cp, {p['name']: rv})
        if str(new.get('mode', p.get('mode'))).lower() != 'system' and str(p.get('mode')).lower() == 'system':
            self.check_other_system_pool(p, 'change the mode of')
        changed = rv != p['currentOrchestratorVersion'] or str(p.get('provisioningState')).lower() == 'failed'
        if self.upgrading and not changed:
            self.noop = 'pool %s already runs %s and is not Failed: the upgrade changes nothing' % (p['name'], rv)
        for k, val in new.items():
            if k not in ('provisioningState', 'currentOrchestratorVersion', 'powerState', 'nodeImageVersion'):
                p[k] = val
        p['orchestratorVersion'] = v
        p['currentOrchestratorVersion'] = rv
        p['provisioningState'] = 'Succeeded'
        if changed:
            self.images[p['name']] = 'new'
            if self.no_wait:
                self.busy[p['name'].lower()] = POLLS_TO_FINISH
                p['provisioningState'] = 'Upgrading'
        return self.pool_resource(p)

    def check_other_system_pool(self, p, what):
        others = [q for q in self.pools() if q is not p and str(q.get('mode', '')).lower() == 'system']
        if str(p.get('mode', '')).lower() == 'system' and not others:
            raise ArmError(400, 'OperationNotAllowed',
                           'Cannot %s agent pool %s: it is the last System pool, and a cluster needs at least one '
                           '(use-system-pools.md).' % (what, p['name']))

    def delete_pool(self, p):
        self.ensure_idle(p['name'].lower())
        self.check_other_system_pool(p, 'delete')
        if self.no_wait:
            self.busy[p['name'].lower()] = POLLS_TO_FINISH
            p['provisioningState'] = 'Deleting'
        else:
            self.pools().remove(p)
            self.images.pop(p['name'], None)
        return 204, None

    # -- read-only documents ----------------------------------------------------
    def upgrades_from(self, current, limit_minor=None):
        if not self.versions:
            return []
        out = []
        for v in sorted(self.versions, key=vkey):
            if vkey(v) > vkey(current) and (limit_minor is None or minor_of(v) <= limit_minor):
                out.append({'kubernetesVersion': v, 'isPreview': False})
        return out

    def cluster_upgrade_profile(self):
        cur = self.props['currentKubernetesVersion']
        cm = minor_of(cur)
        return {'id': self.mc['id'] + '/upgradeprofiles/default', 'name': 'default',
                'type': 'Microsoft.ContainerService/managedClusters/upgradeprofiles',
                'properties': {
                    'controlPlaneProfile': {'kubernetesVersion': cur, 'osType': 'Linux',
                                            'upgrades': self.upgrades_from(cur, (cm[0], cm[1] + 1) if cm else None)},
                    'agentPoolProfiles': [
                        {'name': p['name'], 'kubernetesVersion': p['currentOrchestratorVersion'],
                         'osType': p.get('osType', 'Linux'),
                         'upgrades': self.upgrades_from(p['currentOrchestratorVersion'], minor_of(cur))}
                        for p in self.pools()]}}

    def pool_upgrade_profile(self, p):
        return {'id': self.mc['id'] + '/agentPools/%s/upgradeProfiles/default' % p['name'], 'name': 'default',
                'type': 'Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles',
                'properties': {'kubernetesVersion': p['currentOrchestratorVersion'],
                               'osType': p.get('osType', 'Linux'),
                               'upgrades': self.upgrades_from(p['currentOrchestratorVersion'],
                                                              minor_of(self.props['currentKubernetesVersion'])),
                               'latestNodeImageVersion': 'AKSUbuntu-2204gen2containerd-stub.latest'}}

    def kubeconfig(self):
        import base64
        name = self.mc['name']
        text = ('apiVersion: v1\nkind: Config\nclusters:\n- name: %s\n  cluster:\n    server: https://%s.stub.invalid:443\n'
                'contexts:\n- name: %s\n  context:\n    cluster: %s\n    user: clusterUser_%s\n'
                'current-context: %s\nusers:\n- name: clusterUser_%s\n  user:\n    token: stub\n'
                % (name, name, name, name, name, name, name))
        return {'kubeconfigs': [{'name': 'clusterUser', 'value': base64.b64encode(text.encode()).decode()}]}

    def kubernetes_versions(self):
        by_minor = {}
        for v in self.versions or []:
            by_minor.setdefault('%d.%d' % minor_of(v), []).append(v)
        return {'values': [{'version': m, 'capabilities': {'supportPlan': ['KubernetesOfficial']},
                            'patchVersions': {v: {'upgrades': []} for v in vs}}
                           for m, vs in sorted(by_minor.items(), key=lambda x: vkey(x[0] + '.0'), reverse=True)]}


# ---------------------------------------------------------------------------
# The plan's final state, and the differences


def expected_state(plan, world_busy_pools=()):
    if isinstance(plan, list):
        plan = plan[0]
    steps = plan.get('steps') or []
    final = steps[-1]['after'] if steps else plan['initial']
    images = {p: 'original' for p in plan['initial']['pools']}
    before = dict(plan['initial']['pools'])
    for s in steps:
        subject = s.get('subject', '')
        pool = subject[5:] if subject.startswith('pool/') else None
        action = s.get('action')
        after = s.get('after', {}).get('pools', {})
        if action == 'add-pool' and pool:
            images[pool] = 'new'
        elif action == 'upgrade-pool' and pool:
            images[pool] = 'new' if s.get('from') != s.get('to') else 'any'
        elif action == 'upgrade-node-image' and pool:
            images[pool] = 'new'
        elif action == 'wait' and pool:
            images[pool] = 'any'
        for name, v in after.items():
            if name in before and before[name] != v:
                images[name] = 'new'
        for name in list(images):
            if name not in after:
                images.pop(name)
        before = dict(after)
    for name in world_busy_pools:
        if name in images:
            images[name] = 'any'
    return {'control_plane': final['control_plane'], 'pools': dict(final['pools']), 'images': images}


def differences(expected, state):
    out = []
    if expected['control_plane'] != state['control_plane']:
        out.append('control plane: plan %s, stub %s' % (expected['control_plane'], state['control_plane']))
    for name in sorted(set(expected['pools']) | set(state['pools'])):
        want, got = expected['pools'].get(name), state['pools'].get(name)
        if want is None:
            out.append('pool %s: not in the plan\'s final state, but the stub has it at %s' % (name, got))
        elif got is None:
            out.append('pool %s: the plan ends with it at %s, the stub has no such pool' % (name, want))
        elif want != got:
            out.append('pool %s: plan %s, stub %s' % (name, want, got))
        else:
            wi, gi = expected['images'].get(name, 'any'), state['images'].get(name)
            if wi != 'any' and wi != gi:
                word = {'new': 'reimaged (new node image)', 'original': 'left on its original node image'}
                out.append('pool %s node image: plan %s, stub %s' % (name, word[wi], word.get(gi, gi)))
    return out


# ---------------------------------------------------------------------------
# azure-cli, in process


class _Redirect(io.TextIOBase):
    def __init__(self):
        super().__init__()
        self.target = io.StringIO()

    def write(self, s):
        return self.target.write(s)

    def flush(self):
        pass

    def isatty(self):
        return False


class AzureCli:
    """The real azure-cli with the SDK transport pointed at a World."""

    def __init__(self, prompt_answer='y'):
        self.world = None
        self.prompts = []
        self.prompt_answer = prompt_answer
        self.net_attempts = []
        self._guard_network()
        self.err = _Redirect()
        self.real_stderr = sys.stderr
        sys.stderr = self.err
        import azure.cli.core.util as az_util
        az_util.check_connectivity = lambda *a, **k: False
        az_util.handle_version_update = lambda *a, **k: None
        self._patch_prompts()
        self._patch_login()
        self._patch_transport()
        time.sleep = lambda s: None   # polling and `az ... wait` intervals

    def _guard_network(self):
        import socket
        attempts = self.net_attempts

        def deny_getaddrinfo(host, *a, **k):
            attempts.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, 'network disabled by az_stateful')
        real_connect = socket.socket.connect

        def deny_connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(str(address))
                raise OSError(101, 'network disabled by az_stateful')
            return real_connect(sock, address)
        socket.getaddrinfo = deny_getaddrinfo
        socket.socket.connect = deny_connect

    def _patch_prompts(self):
        import getpass
        import knack.prompting
        harness = self

        def fake_input(msg):
            harness.prompts.append(str(msg).strip())
            if harness.prompt_answer == 'notty':
                raise knack.prompting.NoTTYException()
            return harness.prompt_answer
        knack.prompting.verify_is_a_tty = lambda: None
        knack.prompting._input = fake_input
        getpass.getpass = lambda prompt='': fake_input(prompt)

    def _patch_login(self):
        from azure.cli.core._profile import Profile
        from azure.core.credentials import AccessToken

        class Credential:
            def get_token(self, *scopes, **kwargs):
                return AccessToken('stub-token', int(time.time()) + 36000)

        Profile.get_login_credentials = lambda self, *a, **k: (Credential(), SUB, TENANT)
        Profile.get_subscription_id = lambda self, *a, **k: SUB
        Profile.get_subscription = lambda self, *a, **k: {
            'id': SUB, 'tenantId': TENANT, 'name': 'stub', 'state': 'Enabled', 'isDefault': True,
            'user': {'name': 'stub@example.com', 'type': 'user'}, 'environmentName': 'AzureCloud'}

    def _patch_transport(self):
        import requests
        from requests.structures import CaseInsensitiveDict
        from azure.core.pipeline.transport import RequestsTransport
        import azure.cli.core.commands.client_factory as cf
        harness = self

        class Adapter(requests.adapters.BaseAdapter):
            def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
                body = request.body.decode('utf-8') if isinstance(request.body, bytes) else request.body
                status, payload = harness.world.handle(request.method, request.url, body)
                r = requests.Response()
                r.status_code = status
                r.reason = {200: 'OK', 204: 'No Content', 404: 'Not Found', 409: 'Conflict'}.get(status, 'Stub')
                r._content = json.dumps(payload).encode('utf-8') if payload is not None else b''
                r.headers = CaseInsensitiveDict({'Content-Type': 'application/json',
                                                 'x-ms-request-id': 'stub'})
                r.url, r.request, r.encoding = request.url, request, 'utf-8'
                r.raw = io.BytesIO(r._content)
                return r

            def close(self):
                pass

        session = requests.Session()
        session.trust_env = False
        session.mount('https://', Adapter())
        session.mount('http://', Adapter())
        real = cf._get_mgmt_service_client

        def with_stub_transport(cli_ctx, client_type, *a, **kwargs):
            kwargs['transport'] = RequestsTransport(session=session, session_owner=False)
            return real(cli_ctx, client_type, *a, **kwargs)
        cf._get_mgmt_service_client = with_stub_transport

    def invoke(self, argv):
        """(exit code, stdout, stderr, prompts) of one `az` command."""
        from azure.cli.core import get_default_cli
        from azure.cli.core.commands import BLOCKED_MODS
        # `az aks ...` also loads serviceconnector (for `az aks connection`),
        # which costs more than the acs module itself: skip it unless needed.
        if argv[:2] == ['aks', 'connection']:
            while 'serviceconnector' in BLOCKED_MODS:
                BLOCKED_MODS.remove('serviceconnector')
        elif 'serviceconnector' not in BLOCKED_MODS:
            BLOCKED_MODS.append('serviceconnector')
        self.prompts = []
        self.err.target = io.StringIO()
        out = io.StringIO()
        try:
            rc = get_default_cli().invoke(argv, out_file=out)
        except SystemExit as ex:
            rc = ex.code if isinstance(ex.code, int) else 1
        except Exception as ex:  # pylint: disable=broad-except
            rc = 1
            self.err.target.write('ERROR: %s: %s\n' % (type(ex).__name__, ex))
        return rc, out.getvalue(), self.err.target.getvalue(), list(self.prompts)


# ---------------------------------------------------------------------------
# One script under bash

PRELUDE = r'''
__az_stateful_call() {
  local __rc=0
  printf '%s\0' "$1" "${BASH_LINENO[1]}" "$(( $# - 1 ))" "${@:2}" >&"$AZ_STATEFUL_REQ" || return 97
  IFS= read -r __rc <&"$AZ_STATEFUL_REP" || __rc=98
  cat -- "$AZ_STATEFUL_DIR/out"
  cat -- "$AZ_STATEFUL_DIR/err" >&2
  return "$__rc"
}
az() { __az_stateful_call az "$@"; }
kubectl() { if [ -p /dev/stdin ]; then cat >/dev/null; fi; __az_stateful_call kubectl "$@"; }
'''


class _Tokens:
    def __init__(self, fd):
        self.fd, self.buf = fd, b''

    def next(self, deadline):
        while b'\0' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError()
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                raise TimeoutError()
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buf += chunk
        tok, self.buf = self.buf.split(b'\0', 1)
        return tok.decode('utf-8', 'replace')


def waits_on(argv):
    """The resource an `az aks wait` ('' = the cluster) or `az aks nodepool
    wait` (the pool's name) waits for, else None."""
    if argv[:2] == ['aks', 'wait']:
        return ''
    if argv[:3] == ['aks', 'nodepool', 'wait']:
        for i, a in enumerate(argv[:-1]):
            if a in ('--nodepool-name', '--name', '-n'):
                return argv[i + 1]
    return None


def quote(argv):
    import shlex
    return ' '.join(shlex.quote(a) for a in argv)


def run_script(cli, job):
    """Run one job (see main) and return its summary."""
    started = time.monotonic()
    text = open(job['cluster'], encoding='utf-8').read()
    cluster, assumed = load_paste(text, job.get('control_plane_version'), job.get('name'),
                                  job.get('resource_group'), job.get('assume_legacy', False))
    world = World(cluster, load_versions(job.get('versions')))
    initial = world.final_state()
    cli.world = world
    workdir = job.get('workdir') or tempfile.mkdtemp(prefix='az-stateful-')
    os.makedirs(workdir, exist_ok=True)
    io_dir = tempfile.mkdtemp(prefix='az-stateful-io-')
    prelude = os.path.join(io_dir, 'prelude.sh')
    open(prelude, 'w').write(PRELUDE)
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    env = {k: v for k, v in os.environ.items() if not k.startswith('AZ_STATEFUL')}
    env.update(job.get('env') or {})
    env.update(AZ_STATEFUL_REQ=str(req_w), AZ_STATEFUL_REP=str(rep_r), AZ_STATEFUL_DIR=io_dir)
    script = os.path.abspath(job['script'])
    log = open(os.path.join(io_dir, 'script.log'), 'w+')
    proc = subprocess.Popen(['bash', '-c', 'source "$1"; source "$2"', 'az-stateful', prelude, script],
                            cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            pass_fds=(req_w, rep_r), start_new_session=True)
    os.close(req_w)
    os.close(rep_r)
    tokens = _Tokens(req_r)
    deadline = started + float(job.get('timeout', 300))
    commands, errors, prompts, kubectl, warnings, needless, noops = [], [], [], [], [], [], []
    timed_out = False
    try:
        while True:
            tool = tokens.next(deadline)
            if tool is None:
                break
            line = int(tokens.next(deadline))
            argv = [tokens.next(deadline) for _ in range(int(tokens.next(deadline)))]
            if tool == 'kubectl':
                kubectl.append({'line': line, 'command': quote(['kubectl'] + argv)})
                rc, out, err, asked = 0, '', '', []
            else:
                waited = waits_on(argv)
                if waited is not None and world.pool(waited) is None and waited != '':
                    waited = None
                if waited is not None and waited.lower() not in world.busy:
                    what = 'the cluster' if waited == '' else 'pool %s' % waited
                    needless.append({'line': line, 'command': quote(['az'] + argv),
                                     'message': 'nothing to wait for: no operation runs on %s (the command that '
                                                'changed it already blocked until it ended)' % what})
                world.calls, world.noop = [], None
                world.upgrading = 'upgrade' in argv[:3]
                world.no_wait = '--no-wait' in argv or (argv[:2] == ['aks', 'upgrade'] and '--node-image-only' in argv)
                rc, out, err, asked = cli.invoke(argv)
                cmd = quote(['az'] + argv)
                rec = {'line': line, 'command': cmd, 'exit': rc, 'calls': world.calls}
                msgs = [m.strip() for m in err.splitlines() if m.strip()]
                warns = [m for m in msgs if m.startswith('WARNING')]
                if 'Wait operation timed-out' in out:
                    rc = rc or 1
                    msgs.append('ERROR: ' + out.strip())
                if rc != 0:
                    keep = [m for m in msgs if not m.startswith(('WARNING', 'https://aka.ms', 'Read more about',
                                                                  'Examples from AI knowledge base', 'Code:',
                                                                  'Message:'))]
                    rec['error'] = ' '.join(keep)[:1000] or '(exit %s, no message)' % rc
                    errors.append({'line': line, 'command': cmd, 'message': rec['error']})
                if asked:
                    rec['prompts'] = asked
                    prompts.extend({'line': line, 'command': cmd, 'prompt': p} for p in asked)
                if world.noop and rc == 0:
                    noops.append({'line': line, 'command': cmd, 'message': world.noop})
                if warns:
                    rec['warnings'] = warns
                    warnings.extend({'line': line, 'command': cmd, 'warning': w} for w in warns)
                commands.append(rec)
            with open(os.path.join(io_dir, 'out'), 'w') as f:
                f.write(out)
            with open(os.path.join(io_dir, 'err'), 'w') as f:
                f.write(err if rc else '\n'.join(m for m in err.splitlines() if m.startswith('WARNING')))
            os.write(rep_w, ('%d\n' % rc).encode())
    except TimeoutError:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    finally:
        os.close(req_r)
        os.close(rep_w)
    exit_code = proc.wait()
    log.seek(0)
    output = log.read()
    log.close()
    state = world.final_state()
    summary = {
        'id': job.get('id'),
        'script': job['script'],
        'exit': exit_code,
        'timed_out': timed_out,
        'seconds': round(time.monotonic() - started, 3),
        'commands': commands,
        'kubectl': kubectl,
        'errors': errors,
        'prompts': prompts,
        'warnings': warnings,
        'needless_waits': needless,
        'no_ops': noops,
        'unmodelled': world.unmodelled,
        'assumed': assumed,
        'initial': {k: initial[k] for k in ('control_plane', 'pools')},
        'final': state,
        'output_tail': output[-1500:] if (exit_code or timed_out) else '',
    }
    if job.get('plan'):
        plan = json.load(open(job['plan'], encoding='utf-8'))
        plan1 = plan[0] if isinstance(plan, list) else plan
        expected = expected_state(plan1, world.busy_origin)
        summary['expected'] = expected
        summary['mismatches'] = differences(expected, state)
        summary['initial_mismatches'] = differences(
            {'control_plane': plan1['initial']['control_plane'], 'pools': plan1['initial']['pools'], 'images': {}},
            {**initial, 'images': {}})
    summary['ok'] = (exit_code == 0 and not timed_out and not errors and not prompts and not needless
                     and not noops and not summary.get('mismatches') and not world.unmodelled)
    for d in (io_dir,) + (() if job.get('workdir') else (workdir,)):
        subprocess.run(['rm', '-rf', d], check=False)
    return summary


def run_job(cli, job):
    """The job's summary; with `also_legacy`, a second one where the paste
    is silent about maxAgentPools or a pool's type and the stub then assumes
    a legacy cluster (AvailabilitySet pools, maxAgentPools 1)."""
    cli.prompt_answer = job.get('prompt_answer', 'y')
    out = []
    for legacy in (False, True):
        j = dict(job, assume_legacy=job.get('assume_legacy', False) or legacy)
        if legacy:
            silent = [a for a in out[0].get('assumed', []) if 'maxAgentPools' in a or 'is of type' in a]
            if not job.get('also_legacy') or job.get('assume_legacy') or not silent:
                break
            j['id'] = '%s#legacy' % job.get('id')
        try:
            summary = run_script(cli, j)
        except Exception as ex:  # pylint: disable=broad-except
            summary = {'id': j.get('id'), 'script': j.get('script'), 'ok': False,
                       'harness_error': '%s: %s' % (type(ex).__name__, ex)}
        summary['world'] = 'legacy (assumed: the paste does not say)' if legacy else 'as pasted'
        out.append(summary)
    return out


def parse_args(args):
    job, env = {}, {}
    mode = args.pop(0) if args and args[0] in ('run', 'batch') else 'run'
    while args and args[0].startswith('--'):
        opt = args.pop(0)
        if opt in ('--assume-legacy', '--also-legacy'):
            job[opt[2:].replace('-', '_')] = True
            continue
        if not args:
            raise SystemExit('az_stateful: %s needs a value' % opt)
        val = args.pop(0)
        if opt == '--env':
            k, _, v = val.partition('=')
            env[k] = v
        elif opt in ('--cluster', '--control-plane-version', '--versions', '--plan', '--name', '--resource-group',
                     '--workdir', '--timeout', '--prompt-answer'):
            job[opt[2:].replace('-', '_')] = val
        else:
            raise SystemExit('az_stateful: unknown option %s' % opt)
    if env:
        job['env'] = env
    return mode, job, args


def main():
    try:
        mode, job, rest = parse_args(sys.argv[1:])
    except SystemExit as ex:
        print(ex, file=sys.stderr)
        return 2
    if len(rest) != 1:
        print('usage: az_stateful.sh run --cluster FILE [options] SCRIPT | batch JOBS.jsonl', file=sys.stderr)
        return 2
    real_stdout = sys.stdout
    cli = AzureCli(prompt_answer=job.get('prompt_answer', 'y'))
    if mode == 'run':
        if 'cluster' not in job:
            print('az_stateful: run needs --cluster FILE', file=sys.stderr)
            return 2
        job['script'] = rest[0]
        summaries = run_job(cli, job)
        for summary in summaries:
            print(json.dumps(summary, indent=2), file=real_stdout)
        return 0 if all(s['ok'] for s in summaries) else 1
    bad = 0
    with open(rest[0], encoding='utf-8') as f:
        for raw in f:
            if not raw.strip():
                continue
            for summary in run_job(cli, json.loads(raw)):
                bad += not summary['ok']
                print(json.dumps(summary), file=real_stdout, flush=True)
    if cli.net_attempts:
        print('NOTE: %d network attempt(s) were blocked' % len(cli.net_attempts), file=cli.real_stderr)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
