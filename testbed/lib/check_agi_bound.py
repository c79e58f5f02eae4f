"""Static check for validate.sh: every AGI() step of the shipped dialplan is bounded.

A frozen callguard still accepts the FastAGI connection and Asterisk's AGI() has no timeout once connected, so
each callguard context must set AGIEXITONHANGUP=yes and TIMEOUT(absolute)=${CALLGUARD_AGI_TIMEOUT} just before
AGI(), clear the timeout on the next line (label "decided"), and have an extension T that goes back there.
The example [globals] must define CALLGUARD_AGI_TIMEOUT as 2 to 5 seconds.

    python3 check_agi_bound.py agi-scripts/callguard.conf config-examples/asterisk/extensions.conf
"""
import re
import sys


def main(conf_path, ext_path):
    contexts, ctx = {}, None
    with open(conf_path, encoding="utf-8") as f:
        for raw in f:
            line = re.sub(r";.*", "", raw).strip()
            if line.startswith("["):
                ctx = line[1:line.index("]")]
                contexts[ctx] = []
            elif line and ctx:
                contexts[ctx].append(line)
    checked = 0
    for name, lines in contexts.items():
        for i, line in enumerate(lines):
            if "AGI(" not in line:
                continue
            before = " ".join(lines[max(0, i - 3):i])
            if "Set(AGIEXITONHANGUP=yes)" not in before:
                return f"[{name}] no Set(AGIEXITONHANGUP=yes) just before: {line}"
            if "Set(TIMEOUT(absolute)=${CALLGUARD_AGI_TIMEOUT})" not in before:
                return f"[{name}] AGI() not bounded by TIMEOUT(absolute)=${{CALLGUARD_AGI_TIMEOUT}}: {line}"
            if i + 1 >= len(lines) or not re.search(r"n\(decided\),Set\(TIMEOUT\(absolute\)=0\)", lines[i + 1]):
                return f"[{name}] the timeout is not cleared on the line after: {line}"
            if not any(re.match(r"exten\s*=>\s*T,1,Goto\(\$\{CALLGUARD_NUMBER},decided\)", other) for other in lines):
                return f"[{name}] no exten => T,1,Goto(${{CALLGUARD_NUMBER}},decided)"
            checked += 1
    if checked < 2:
        return f"only {checked} AGI line(s) found (outbound and inbound expected)"
    with open(ext_path, encoding="utf-8") as f:
        bound = [l.split("=", 1)[1].strip() for l in f if l.startswith("CALLGUARD_AGI_TIMEOUT=")]
    try:
        ok = bool(bound) and 2 <= float(bound[0]) <= 5
    except ValueError:
        ok = False
    if not ok:
        return f"CALLGUARD_AGI_TIMEOUT in [globals] must be 2 to 5 seconds, found {bound or 'nothing'}"
    print(f"{checked} AGI steps bounded by CALLGUARD_AGI_TIMEOUT={bound[0]}s, each context with an extension T")
    return None


if __name__ == "__main__":
    problem = main(sys.argv[1], sys.argv[2])
    if problem:
        print(problem)
        sys.exit(1)
