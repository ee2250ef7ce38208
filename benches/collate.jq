# The CSV that `ndti-respond collate --format csv` writes, in jq, for the benchmark in
# benches/collate.sh. Run as: jq -rn -f benches/collate.jq responses/*.json
#
# Like collate, it has a column for every question id seen in any response (new ids are added
# after the ones already seen, which is the same order whenever all responses share one
# questionnaire version), consent and respondent type in fixed columns, yes/no for yes/no
# answers and the chosen options' words joined by "; ", and an empty problems column (the
# generated responses are all valid). It needs every response in memory to know the columns
# before the first row, and it neither looks for duplicates nor checks anything.

def cell:
  if . == null then ""
  elif type == "boolean" then (if . then "yes" else "no" end)
  elif type == "string" then .
  else ([.selected[].label] + (if .other then ["Other: " + .other] else [] end)) | join("; ")
  end;

# The formula guard collate applies (OWASP): a cell starting = + - @ tab CR or LF gets a '.
def guard: if type == "string" and test("^[=+\\-@\t\r\n]") then "'" + . else . end;

def fixed_role: (.role == "consent" or .role == "respondent_type") and ((.retired // false) | not);

[inputs] as $responses
| ($responses
   | reduce (.[] | .answers | to_entries[] | select(.value | fixed_role | not) | .key) as $id
       ({seen: {}, ids: []};
        if .seen[$id] then . else .seen[$id] = true | .ids += [$id] end)
   | .ids) as $columns
| (["response_id", "completed_at", "questionnaire_version", "consent_to_future_contact",
    "respondent_type", "problems"] + $columns | @csv),
  ($responses[] | . as $r
   | [.response_id, .completed_at, .questionnaire.version,
      (if .consent_to_future_contact then "yes" else "no" end),
      ([.answers[] | select(.role == "respondent_type" and ((.retired // false) | not))][0].answer
       | cell),
      "",
      ($columns[] | $r.answers[.].answer | cell)]
   | map(guard)
   | @csv)
