-- pandoc Lua filter for the report's Word and Typst output (render.py); HTML scales pictures itself.
--
-- Pictures: a chart taller than MAX_HEIGHT_CM at the full text width gets that height (Word and Typst would
-- otherwise push it past the page bottom), read from the PNG's own header.
-- Typst only: a table too wide for a portrait A4 page (its columns' longest words do not fit side by side) is set
-- on a landscape page of its own, together with the headings just before it, in a smaller font when even the
-- landscape line is too short for its words.

local TEXT_WIDTH_CM = 16.6      -- A4 minus 2 × 2,2 cm margins (reference.docx, werkreport.typst)
local MAX_HEIGHT_CM = 20
local PORTRAIT_CHARS = 110      -- 16,6 cm of 7,5-pt table text (about 4,1 pt a character)
local LANDSCAPE_CHARS = 160     -- 25,3 cm of 7,5-pt table text
local TABLE_PT, MIN_TABLE_PT = 7.5, 5

local function png_size(path)
  local file = io.open(path, "rb")
  if not file then return nil end
  local head = file:read(24)
  file:close()
  if not head or #head < 24 or head:sub(2, 4) ~= "PNG" then return nil end
  local function be32(i)
    local a, b, c, d = head:byte(i, i + 3)
    return ((a * 256 + b) * 256 + c) * 256 + d
  end
  return be32(17), be32(21)
end

function Image(img)
  if FORMAT ~= "typst" and FORMAT ~= "docx" then return nil end
  local w, h = png_size(img.src)
  if w and h and w > 0 and h / w * TEXT_WIDTH_CM > MAX_HEIGHT_CM then
    img.attributes.height = MAX_HEIGHT_CM .. "cm"
    img.attributes.width = nil
    return img
  end
end

local function longest_word(blocks)
  local longest = 0
  for word in pandoc.utils.stringify(blocks):gmatch("%S+") do
    longest = math.max(longest, utf8.len(word) or #word)
  end
  return longest
end

-- characters a table needs side by side: each column's longest word plus two for the cell padding
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

local function landscape(blocks)
  if FORMAT ~= "typst" then return nil end
  local out = pandoc.Blocks({})
  for _, block in ipairs(blocks) do
    local chars = block.t == "Table" and min_chars(block) or 0
    if block.t == "Table" and chars > PORTRAIT_CHARS then
      local headers = {}
      while #out > 0 and out[#out].t == "Header" do  -- the headings of the table go with it
        table.insert(headers, 1, table.remove(out))
      end
      local size = math.max(MIN_TABLE_PT, math.min(TABLE_PT, TABLE_PT * LANDSCAPE_CHARS / math.max(chars, 1)))
      out:insert(pandoc.RawBlock("typst", string.format(
        "#page(flipped: true)[\n#show table: set text(size: %.1fpt)", size)))
      out:extend(headers)
      out:insert(block)
      out:insert(pandoc.RawBlock("typst", "]"))
    else
      out:insert(block)
    end
  end
  return out
end

return {
  { Image = Image },
  { Blocks = landscape },
}
