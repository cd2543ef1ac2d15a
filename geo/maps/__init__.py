"""Maps without Streamlit: what the dashboard shows (`views`), folium maps with local assets
(`mapview`), stored events as layers (`eventmap`), and many events as groups (`grouping`,
`groupmap`)."""
