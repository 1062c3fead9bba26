-- Typst only: a table too wide for a portrait A4 page (its columns' longest words do not fit side by side,
-- or it has many columns) is set on a landscape page of its own. Word keeps its tables in the text (autofit).
local PORTRAIT_CHARS = 100  -- display.PORTRAIT_CHARS: about what 16,6 cm of 7,5-pt DejaVu Sans hold
local MAX_PORTRAIT_COLUMNS = 8

local function longest_word(blocks)
  local longest = 0
  for word in pandoc.utils.stringify(blocks):gmatch("%S+") do
    longest = math.max(longest, utf8.len(word) or #word)
  end
  return longest
end

local function min_chars(tbl)
  local widths = {}
  local function visit(rows)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        widths[i] = math.max(widths[i] or 0, longest_word(cell.contents))
      end
    end
  end
  visit(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do visit(body.body) end
  local total = 0
  for _, w in pairs(widths) do total = total + w + 2 end
  return total
end

function Table(tbl)
  if #tbl.colspecs > MAX_PORTRAIT_COLUMNS or min_chars(tbl) > PORTRAIT_CHARS then
    return {
      pandoc.RawBlock("typst", "#page(flipped: true)["),
      tbl,
      pandoc.RawBlock("typst", "]"),
    }
  end
end
